/**
 * Background jobs: a FIFO queue with a per-user running limit, executed on a worker pool.
 * Every state change is written to the database before its event is published.
 */
import { markEnded, markStarted, requeueUnfinished, tableOf } from "../../db/jobs.ts";
import type { Db } from "../../db/open.ts";
import type { ServerConfig } from "../env.ts";
import type { WorkerProgress, WorkerReply } from "../worker_protocol.ts";
import {
  type JobEvent,
  type JobEvents,
  type JobKind,
  type JobRef,
  progressEvent,
} from "./job_events.ts";
import { isFinalReply, storeFinalReply, type StoreOptions, workerRequestOf } from "./job_run.ts";
import type { KeptViews } from "./kept_views.ts";
import { ProgressGate } from "./progress_gate.ts";
import { WorkerPool } from "./worker_pool.ts";

/** Minimum spacing of progress events per job, ms. */
export const PROGRESS_INTERVAL_MS = 100;

/** One queued or running job, as admins see it. */
export interface JobSnapshotItem {
  readonly id: string;
  readonly kind: JobKind;
  readonly ownerId: string;
  /** Strategy name; comparisons list theirs comma-separated. */
  readonly strategy: string;
  readonly state: "queued" | "running";
  /** UTC ISO instant since which it is in its state. */
  readonly since: string;
}

/** What admins see of the jobs: running and queued ones, and this instance's workers. */
export interface JobSnapshot {
  readonly running: JobSnapshotItem[];
  readonly queued: JobSnapshotItem[];
  readonly workers: { size: number; busy: number; spawned: number };
}

/** The queue's state for `health`. */
export interface QueueHealth {
  /** `local`: this process alone; `shared`: pg-boss in the database, for every instance. */
  readonly kind: "local" | "shared";
  readonly ok: boolean;
  /** Jobs waiting and running (across instances for a shared queue); null if unknown. */
  readonly queued: number | null;
  readonly running: number | null;
}

/**
 * What the services ask of the job queue, whichever it is: the in-process queue of this file, or
 * the queue several instances share (shared_jobs.ts).
 */
export interface JobRunner {
  /** Queues a stored job and announces `queued`. */
  enqueue(spec: JobSpec): void | Promise<void>;
  /** Takes up jobs a stopped server left unfinished; how many. */
  recover(): Promise<number>;
  /** Cancels a queued or running job (ownership checked); false if it had already ended. */
  cancel(ref: JobRef): Promise<boolean>;
  /** Asks a job to end its search early with its best result; false if it already ended. */
  stop(ref: JobRef): boolean | Promise<boolean>;
  snapshot(): JobSnapshot;
  health(): Promise<QueueHealth>;
  close(): Promise<void>;
}

/** A job to enqueue (its row is already stored as queued). */
export interface JobSpec {
  readonly id: string;
  readonly kind: JobKind;
  readonly ownerId: string;
  readonly strategy: string;
}

interface Entry extends JobSpec {
  since: string;
  startedAt: number;
  /** Progress rate limiting (set when the job starts). */
  gate: ProgressGate<WorkerProgress> | null;
  /** The user asked to stop early: told to the worker as soon as the job runs. */
  stopAsked: boolean;
}

/** The runner of schedule and comparison jobs for one app. */
export class JobService implements JobRunner {
  readonly #db: Db;
  readonly #events: JobEvents;
  readonly #config: ServerConfig;
  readonly #views: KeptViews;
  readonly #pool: WorkerPool;
  readonly #queue: Entry[] = [];
  readonly #running = new Map<string, Entry>();
  /** Jobs between "picked from the queue" and "posted to a worker". */
  readonly #starting = new Set<string>();
  readonly #pending = new Set<Promise<unknown>>();
  #closed = false;

  constructor(db: Db, events: JobEvents, config: ServerConfig, views: KeptViews) {
    this.#db = db;
    this.#events = events;
    this.#config = config;
    this.#views = views;
    this.#pool = new WorkerPool(config.workers, {
      onReply: (m) => this.#track(this.#onReply(m)),
      onCrash: (jobId, error) => this.#track(this.#finish(jobId, { type: "failed", error })),
    }, { memoryMb: config.workerMemoryMb });
  }

  /** Storing results retries while storage fails, until the service closes. */
  get #persistOpts(): StoreOptions {
    return { logger: this.#config.logger, closed: () => this.#closed, views: this.#views };
  }

  #track<T>(p: Promise<T>): void {
    const q = p.catch((e) => {
      this.#config.logger.error("job bookkeeping failed", { error: String(e) });
    }).finally(() => this.#pending.delete(q));
    this.#pending.add(q);
  }

  #ref(e: JobSpec): JobRef {
    return { id: e.id, kind: e.kind, ownerId: e.ownerId };
  }

  /** Queues a stored job and publishes `queued`. */
  enqueue(spec: JobSpec): void {
    if (this.#closed) return;
    const entry: Entry = {
      ...spec,
      since: new Date().toISOString(),
      startedAt: 0,
      gate: null,
      stopAsked: false,
    };
    this.#queue.push(entry);
    this.#events.publish(this.#ref(entry), { type: "queued" });
    this.#pump();
  }

  /** Re-queues jobs a stopped server left queued or running. Returns how many. */
  async recover(): Promise<number> {
    const jobs = await requeueUnfinished(this.#db);
    for (const j of jobs) {
      this.enqueue({ id: j.id, kind: j.kind, ownerId: j.ownerId, strategy: j.strategy });
    }
    if (jobs.length) this.#config.logger.info(`resumed ${jobs.length} unfinished job(s)`);
    return jobs.length;
  }

  #runningOf(ownerId: string): number {
    let n = 0;
    for (const e of this.#running.values()) if (e.ownerId === ownerId) n++;
    for (const id of this.#starting) {
      if (this.#queue.find((q) => q.id === id)?.ownerId === ownerId) n++;
    }
    return n;
  }

  /** Starts as many queued jobs as workers and per-user limits allow. */
  #pump(): void {
    while (!this.#closed && this.#pool.free() - this.#starting.size > 0) {
      const i = this.#queue.findIndex((e) =>
        !this.#starting.has(e.id) &&
        this.#runningOf(e.ownerId) < this.#config.maxJobsPerUser
      );
      if (i < 0) return;
      const entry = this.#queue[i]!;
      this.#starting.add(entry.id);
      this.#track(this.#start(entry));
    }
  }

  async #start(entry: Entry): Promise<void> {
    try {
      const req = await workerRequestOf(
        this.#db,
        entry.kind,
        entry.id,
        this.#config.boundBudgetMs,
      );
      const started = req !== null && !this.#closed && this.#queue.includes(entry) &&
        await markStarted(this.#db, tableOf(entry.kind), entry.id);
      // Cancelled, deleted or shut down meanwhile: the row tells the truth, drop the entry.
      const idx = this.#queue.indexOf(entry);
      if (idx >= 0 && (!this.#closed || !started)) this.#queue.splice(idx, 1);
      if (!started || idx < 0 || this.#closed || !req) return;
      entry.since = new Date().toISOString();
      entry.startedAt = performance.now();
      entry.gate = new ProgressGate((u) => this.#sendProgress(entry, u), PROGRESS_INTERVAL_MS);
      this.#running.set(entry.id, entry);
      this.#events.publish(this.#ref(entry), { type: "started" });
      this.#pool.run(req, this.#config.jobTimeoutMs);
      if (entry.stopAsked) this.#pool.stop(entry.id);
    } catch (e) {
      // The stored job cannot be read (or the DB failed): end it rather than retry forever.
      const idx = this.#queue.indexOf(entry);
      if (idx >= 0) this.#queue.splice(idx, 1);
      this.#running.delete(entry.id);
      this.#config.logger.error("job could not start", { jobId: entry.id, error: String(e) });
      const error = "the job could not be started (see the server log)";
      if (
        !this.#closed && await markEnded(this.#db, tableOf(entry.kind), entry.id, "failed", error)
      ) {
        this.#end(this.#ref(entry), { type: "failed", error });
      }
    } finally {
      this.#starting.delete(entry.id);
      this.#pump();
    }
  }

  async #onReply(m: WorkerReply): Promise<void> {
    if (m.type === "ready") return;
    const entry = this.#running.get(m.jobId);
    if (!entry) return;
    if (m.type === "progress") return entry.gate?.offer(m.update);
    // whatIf, prices and replan run in workers of their own (services/solve_worker.ts).
    if (!isFinalReply(m)) return;
    const event = await storeFinalReply(this.#db, entry.kind, entry.id, m, this.#persistOpts);
    if (!event) return this.#drop(entry);
    await entry.gate?.flush();
    this.#drop(entry);
    this.#end(this.#ref(entry), event);
  }

  /** Publishes a job's final event (the bus drops its history a while later). */
  #end(ref: JobRef, event: JobEvent): void {
    this.#events.publish(ref, event);
  }

  /** Publishes one progress event (the gate has spaced it). */
  #sendProgress(entry: Entry, u: WorkerProgress): void {
    const elapsedMs = Math.round(performance.now() - entry.startedAt);
    this.#events.publish(this.#ref(entry), progressEvent(u, elapsedMs));
  }

  #drop(entry: Entry): void {
    entry.gate?.close();
    this.#running.delete(entry.id);
    this.#pump();
  }

  async #finish(jobId: string, event: Extract<JobEvent, { type: "failed" }>): Promise<void> {
    const entry = this.#running.get(jobId);
    if (!entry) return;
    await markEnded(this.#db, tableOf(entry.kind), entry.id, "failed", event.error);
    this.#drop(entry);
    this.#end(this.#ref(entry), event);
  }

  /**
   * Cancels a queued or running job (the running worker is terminated and replaced).
   * The caller has checked ownership. Returns false if the job had already ended.
   */
  async cancel(ref: JobRef): Promise<boolean> {
    const { kind, id } = ref;
    const running = this.#running.get(id);
    const qi = this.#queue.findIndex((e) => e.id === id);
    if (running) this.#pool.abort(id);
    const entry = running ?? this.#queue[qi];
    if (qi >= 0) this.#queue.splice(qi, 1);
    const ended = await markEnded(this.#db, tableOf(kind), id, "cancelled");
    if (running) this.#drop(running);
    if (ended) this.#end(entry ? this.#ref(entry) : ref, { type: "cancelled" });
    this.#pump();
    return ended;
  }

  /**
   * Ends a job's search early: it completes with the best result found so far (a queued job runs
   * and stops at its first plan). The caller has checked ownership. False if it already ended.
   */
  stop(ref: JobRef): boolean {
    const entry = this.#running.get(ref.id) ?? this.#queue.find((e) => e.id === ref.id);
    if (!entry) return false;
    entry.stopAsked = true;
    if (this.#running.has(ref.id)) this.#pool.stop(ref.id);
    return true;
  }

  /** Running jobs and queued ones in queue order, plus pool figures. */
  snapshot(): JobSnapshot {
    const item = (e: Entry, state: "queued" | "running"): JobSnapshotItem => ({
      id: e.id,
      kind: e.kind,
      ownerId: e.ownerId,
      strategy: e.strategy,
      state,
      since: e.since,
    });
    return {
      running: [...this.#running.values()].map((e) => item(e, "running")),
      queued: this.#queue.map((e) => item(e, "queued")),
      workers: {
        size: this.#config.workers,
        busy: this.#config.workers - this.#pool.free(),
        spawned: this.#pool.spawned(),
      },
    };
  }

  /** The in-process queue works while the process does. */
  health(): Promise<QueueHealth> {
    return Promise.resolve({
      kind: "local",
      ok: !this.#closed,
      queued: this.#queue.length,
      running: this.#running.size,
    });
  }

  /** Stops the workers; unfinished jobs stay queued/running in the DB and resume on the next start. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#pool.close();
    for (const e of this.#running.values()) e.gate?.close();
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }
}
