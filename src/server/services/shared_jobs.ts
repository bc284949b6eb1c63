/**
 * Jobs on a queue several instances share (Postgres mode): pg-boss hands each job to whichever
 * instance has a free worker (db/job_queue.ts), within the per-user limit across all of them; its
 * events go through the shared log (shared_events.ts), so any instance streams them. A job whose
 * instance dies runs again on another, counting its starts in the row; after MAX_ATTEMPTS starts
 * it is failed with the reason. Cancel is written to the row and the queue, and the instance
 * running the job stops its worker when the `cancelled` event reaches it.
 */
import { findJobStatus, markEnded, markRunStarted, MAX_ATTEMPTS, tableOf } from "../../db/jobs.ts";
import { SharedQueue, type WorkAttempt } from "../../db/job_queue.ts";
import type { Db } from "../../db/open.ts";
import type { ServerConfig } from "../env.ts";
import type { WorkerProgress, WorkerReply } from "../worker_protocol.ts";
import {
  isTerminal,
  type JobEvent,
  type JobEvents,
  type JobRef,
  progressEvent,
} from "./job_events.ts";
import {
  type FinalReply,
  isFinalReply,
  storeFinalReply,
  type StoreOptions,
  workerRequestOf,
} from "./job_run.ts";
import type { JobRunner, JobSnapshot, JobSnapshotItem, JobSpec, QueueHealth } from "./jobs.ts";
import { PROGRESS_INTERVAL_MS } from "./jobs.ts";
import type { KeptViews } from "./kept_views.ts";
import { ProgressGate } from "./progress_gate.ts";
import { SharedEvents } from "./shared_events.ts";
import { WorkerPool } from "./worker_pool.ts";

/** How a local run ended: the worker's reply, or the run was withdrawn (cancel, shutdown). */
type Outcome = FinalReply | { readonly type: "withdrawn" };

/** A job running on this instance. */
interface LocalRun {
  readonly spec: JobSpec;
  readonly since: string;
  readonly startedAt: number;
  readonly gate: ProgressGate<WorkerProgress>;
  readonly settle: (o: Outcome) => void;
}

/** Stop requests kept for jobs not (yet) running here, at most this many. */
const STOPS_KEPT = 1000;

export class SharedJobService implements JobRunner {
  readonly #db: Db;
  readonly #events: SharedEvents;
  readonly #bus: JobEvents;
  readonly #queue: SharedQueue;
  readonly #config: ServerConfig;
  readonly #views: KeptViews;
  readonly #pool: WorkerPool;
  readonly #running = new Map<string, LocalRun>();
  /** Jobs whose user asked to stop before they ran here (the request reaches every instance). */
  readonly #stopAsked = new Set<string>();
  #closed = false;

  private constructor(
    db: Db,
    bus: JobEvents,
    events: SharedEvents,
    queue: SharedQueue,
    config: ServerConfig,
    views: KeptViews,
  ) {
    this.#views = views;
    this.#db = db;
    this.#bus = bus;
    this.#events = events;
    this.#queue = queue;
    this.#config = config;
    this.#pool = new WorkerPool(config.workers, {
      onReply: (m) => this.#onReply(m),
      onCrash: (jobId, message) =>
        this.#running.get(jobId)?.settle({ type: "error", jobId, message, issues: [] }),
    }, { memoryMb: config.workerMemoryMb });
    events.onStop((jobId) => this.#onStop(jobId));
  }

  /** Joins the shared log and queue of the Postgres database at `config.dbUrl` and takes jobs. */
  static async open(
    db: Db,
    bus: JobEvents,
    config: ServerConfig,
    views: KeptViews,
  ): Promise<SharedJobService> {
    const events = await SharedEvents.open(db, bus, config.dbUrl, config.logger);
    let queue: SharedQueue;
    try {
      queue = await SharedQueue.open({
        url: config.dbUrl,
        localConcurrency: config.workers,
        perUser: config.maxJobsPerUser,
        // One run more than the attempts: it only records why the job is given up.
        attempts: MAX_ATTEMPTS + 1,
        expireSeconds: Math.ceil(config.jobTimeoutMs / 1000) + 60,
        onError: (e) => config.logger.warn("job queue", { error: String(e) }),
      });
    } catch (e) {
      await events.close();
      throw e;
    }
    const service = new SharedJobService(db, bus, events, queue, config, views);
    await queue.work((run) => service.#run(run));
    return service;
  }

  #ref(spec: JobSpec): JobRef {
    return { id: spec.id, kind: spec.kind, ownerId: spec.ownerId };
  }

  get #persistOpts(): StoreOptions {
    return { logger: this.#config.logger, closed: () => this.#closed, views: this.#views };
  }

  async enqueue(spec: JobSpec): Promise<void> {
    await this.#events.publish(this.#ref(spec), { type: "queued" });
    await this.#queue.send(spec);
  }

  /** The shared queue outlives every instance: nothing to take up here. */
  recover(): Promise<number> {
    return Promise.resolve(0);
  }

  /** One run of a job handed out by the queue; a throw gives it back to be run again. */
  async #run({ work: spec, signal }: WorkAttempt): Promise<void> {
    if (this.#closed) throw new Error("this instance is stopping");
    const table = tableOf(spec.kind);
    const ref = this.#ref(spec);
    const starts = await markRunStarted(this.#db, table, spec.id);
    if (starts === null) return; // cancelled or deleted meanwhile
    if (starts > MAX_ATTEMPTS) {
      const error =
        `the instance running this job stopped ${MAX_ATTEMPTS} times; it is not retried`;
      if (await markEnded(this.#db, table, spec.id, "failed", error)) {
        await this.#events.publish(ref, { type: "failed", error });
      }
      return;
    }
    await this.#events.publish(ref, { type: "started" });
    const req = await workerRequestOf(this.#db, spec.kind, spec.id, this.#config.boundBudgetMs);
    if (!req) return;
    const startedAt = performance.now();
    let off = () => {};
    const outcome = await new Promise<Outcome>((settle) => {
      const gate = new ProgressGate<WorkerProgress>(
        (u) => this.#progress(ref, startedAt, u),
        PROGRESS_INTERVAL_MS,
      );
      this.#running.set(spec.id, {
        spec,
        since: new Date().toISOString(),
        startedAt,
        gate,
        settle,
      });
      signal.addEventListener("abort", () => settle({ type: "withdrawn" }), { once: true });
      // Cancelled on another instance: its event arrives here before the queue's claim lapses.
      off = this.#bus.subscribe(spec.id, (e) => {
        if (isTerminal(e.event)) settle({ type: "withdrawn" });
      });
      // The queue hands out no more jobs than there are workers; if none is free all the same,
      // the run goes back to the queue.
      if (!this.#pool.run(req, this.#config.jobTimeoutMs)) settle({ type: "withdrawn" });
      else if (this.#stopAsked.delete(spec.id)) this.#pool.stop(spec.id);
    });
    off();
    const run = this.#running.get(spec.id);
    this.#running.delete(spec.id);
    if (outcome.type === "withdrawn") {
      this.#pool.abort(spec.id);
      run?.gate.close();
      // Cancelled: the row says so. Shutting down or no worker: the queue runs it again.
      if (this.#closed || !signal.aborted && !(await this.#ended(spec))) {
        throw new Error("this instance could not finish the job; it runs again");
      }
      return;
    }
    const event = await storeFinalReply(this.#db, spec.kind, spec.id, outcome, this.#persistOpts);
    await run?.gate.flush();
    run?.gate.close();
    if (event) await this.#events.publish(ref, event);
    else if (this.#closed) throw new Error("this instance stopped before storing the result");
  }

  /** Whether the job's row has ended (cancelled, say) or is gone. */
  async #ended(spec: JobSpec): Promise<boolean> {
    const status = await findJobStatus(this.#db, tableOf(spec.kind), spec.ownerId, spec.id);
    return status !== "queued" && status !== "running";
  }

  #onReply(m: WorkerReply): void {
    if (m.type === "ready") return;
    const run = this.#running.get(m.jobId);
    if (!run) return;
    if (m.type === "progress") return void run.gate.offer(m.update);
    if (isFinalReply(m)) run.settle(m);
  }

  /** Publishes one progress event (the gate has spaced it). */
  #progress(ref: JobRef, startedAt: number, u: WorkerProgress): void {
    const event: JobEvent = progressEvent(u, Math.round(performance.now() - startedAt));
    this.#events.publish(ref, event).catch((e) =>
      this.#config.logger.warn("cannot store a progress event", { error: String(e) })
    );
  }

  async cancel(ref: JobRef): Promise<boolean> {
    const ended = await markEnded(this.#db, tableOf(ref.kind), ref.id, "cancelled");
    await this.#queue.cancel(ref.id);
    this.#running.get(ref.id)?.settle({ type: "withdrawn" });
    if (ended) await this.#events.publish(ref, { type: "cancelled" });
    return ended;
  }

  async stop(ref: JobRef): Promise<boolean> {
    await this.#events.askStop(ref.id);
    return true;
  }

  #onStop(jobId: string): void {
    if (this.#running.has(jobId)) {
      this.#pool.stop(jobId);
      return;
    }
    this.#stopAsked.add(jobId);
    if (this.#stopAsked.size > STOPS_KEPT) {
      this.#stopAsked.delete(this.#stopAsked.values().next().value!);
    }
  }

  /** This instance's running jobs (the queued ones wait in the shared queue). */
  snapshot(): JobSnapshot {
    const running = [...this.#running.values()].map((r): JobSnapshotItem => ({
      ...r.spec,
      state: "running",
      since: r.since,
    }));
    return {
      running,
      queued: [],
      workers: {
        size: this.#config.workers,
        busy: this.#config.workers - this.#pool.free(),
        spawned: this.#pool.spawned(),
      },
    };
  }

  async health(): Promise<QueueHealth> {
    const counts = await this.#queue.counts();
    return {
      kind: "shared",
      ok: counts !== null && !this.#closed,
      queued: counts?.queued ?? null,
      running: counts?.active ?? null,
    };
  }

  /**
   * Stops taking jobs; the runs in progress here are given back to the queue, which runs them
   * again on another instance (or on this one's next start).
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const run of this.#running.values()) run.settle({ type: "withdrawn" });
    await this.#queue.close();
    this.#pool.close();
    await this.#events.close();
  }
}
