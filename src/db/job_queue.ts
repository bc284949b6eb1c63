/**
 * The job queue several instances share, kept by pg-boss in the Postgres database (its own schema):
 * any instance takes any job; a user's running jobs are limited across all of them (pg-boss
 * groups); a job whose instance stops sending heartbeats is run again elsewhere, up to a number of
 * attempts; a cancelled job's claim is withdrawn, which aborts its handler's signal.
 */
import { PgBoss } from "pg-boss";

const QUEUE = "fillsched-jobs";

/** What a queued job carries: enough to find its row and to count it against its owner. */
export interface QueuedWork {
  readonly id: string;
  readonly kind: "schedule" | "compare";
  readonly ownerId: string;
  readonly strategy: string;
}

/** One run of a job as the queue hands it out. */
export interface WorkAttempt {
  readonly work: QueuedWork;
  /** 1 for the first run, 2 after the instance of the first stopped, … */
  readonly attempt: number;
  /** Aborted when the job is cancelled or its claim is lost. */
  readonly signal: AbortSignal;
}

export interface SharedQueueOptions {
  readonly url: string;
  /** Jobs this instance runs at once. */
  readonly localConcurrency: number;
  /** Jobs one user may have running across all instances. */
  readonly perUser: number;
  /** Runs of a job before it is given up (the last run only records why). */
  readonly attempts: number;
  /** Longest run of a job before the queue gives it up, s. */
  readonly expireSeconds: number;
  /** Reports pg-boss' own errors (a lost connection, say); it goes on by itself. */
  readonly onError: (e: unknown) => void;
}

/** Silence of a running job's instance before the job runs elsewhere, s (pg-boss' minimum). */
const HEARTBEAT_SECONDS = 10;

/** The pg-boss queue of one instance. */
export class SharedQueue {
  readonly #boss: PgBoss;
  readonly #opts: SharedQueueOptions;

  private constructor(boss: PgBoss, opts: SharedQueueOptions) {
    this.#boss = boss;
    this.#opts = opts;
  }

  /** Connects, installs or migrates pg-boss' schema, and creates the queue. */
  static async open(opts: SharedQueueOptions): Promise<SharedQueue> {
    const boss = new PgBoss({
      connectionString: opts.url,
      max: 4,
      useListenNotify: true,
      // Checks for silent instances and expired jobs this often, s.
      superviseIntervalSeconds: 2,
      monitorIntervalSeconds: 2,
      // The backlog count that lets a worker fetch again at once (see `work`) is this fresh, s.
      queueCacheIntervalSeconds: 2,
      schedule: false,
    });
    boss.on("error", opts.onError);
    await boss.start();
    if (!(await boss.getQueue(QUEUE))) {
      await boss.createQueue(QUEUE, {
        notify: true,
        retryLimit: opts.attempts - 1,
        retryDelay: 0,
        heartbeatSeconds: HEARTBEAT_SECONDS,
        expireInSeconds: opts.expireSeconds,
      }).catch(async (e) => {
        // Another instance created it meanwhile.
        if (!(await boss.getQueue(QUEUE))) throw e;
      });
    }
    return new SharedQueue(boss, opts);
  }

  /** Queues a job (its row is stored already); the job's id is the queue's id. */
  async send(work: QueuedWork): Promise<void> {
    await this.#boss.send(QUEUE, { ...work }, {
      id: work.id,
      group: { id: work.ownerId },
      retryLimit: this.#opts.attempts - 1,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      expireInSeconds: this.#opts.expireSeconds,
    });
  }

  /** Runs `handler` on jobs as this instance has room; a throw fails the run (it is retried). */
  async work(handler: (run: WorkAttempt) => Promise<void>): Promise<void> {
    await this.#boss.work<QueuedWork>(QUEUE, {
      localConcurrency: this.#opts.localConcurrency,
      groupConcurrency: this.#opts.perUser,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
      // With a backlog a worker that finished fetches the next job at once instead of waiting
      // out the poll (a new job wakes idle workers by NOTIFY anyway).
      burstWhenReadyExceeds: 1,
      heartbeatRefreshSeconds: 1,
    }, async ([job]) => {
      if (!job) return;
      await handler({ work: job.data, attempt: job.retryCount + 1, signal: job.signal });
    });
  }

  /** Withdraws a queued or running job (the running instance's signal aborts). */
  async cancel(id: string): Promise<void> {
    await this.#boss.cancel(QUEUE, id).catch(() => {});
  }

  /** Jobs waiting and running across all instances, or null when the queue cannot be read. */
  async counts(): Promise<{ queued: number; active: number } | null> {
    try {
      const q = await this.#boss.getQueue(QUEUE);
      return q ? { queued: q.queuedCount, active: q.activeCount } : null;
    } catch {
      return null;
    }
  }

  /** Stops taking jobs and disconnects; runs in progress are left to be retried elsewhere. */
  async close(): Promise<void> {
    await this.#boss.stop({ graceful: true, close: true, timeout: 2000 }).catch(() => {});
  }
}
