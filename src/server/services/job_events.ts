/**
 * The job event bus: every job's lifecycle and progress events, numbered per job so a
 * subscriber can resume after the last id it saw. Lives in one app (no module state).
 */
import type { Bound, Kpis, Phase } from "../../engine/mod.ts";
import type { WorkerProgress } from "../worker_protocol.ts";
import { LiveRegistry } from "./live_registry.ts";

export type JobKind = "schedule" | "compare";

export type JobEvent =
  | { readonly type: "queued" }
  | { readonly type: "started" }
  | {
    readonly type: "progress";
    readonly phase: Phase;
    readonly percent: number;
    readonly elapsedMs: number;
    readonly etaMs?: number;
    readonly incumbentHours?: number;
    readonly lowerBoundHours?: number;
    readonly gapPct?: number;
    readonly message: string;
    /** For comparisons: the strategy this progress is about. */
    readonly strategy?: string;
    /** For comparisons: 0-based run index of `strategy` and the number of runs. */
    readonly run?: number;
    readonly runs?: number;
    /** For comparisons: percent of the whole comparison done. */
    readonly overallPercent?: number;
  }
  | { readonly type: "completed"; readonly kpis: Kpis | null; readonly bound: Bound | null }
  | { readonly type: "failed"; readonly error: string }
  | { readonly type: "cancelled" };

export type JobEventType = JobEvent["type"];

/** An event as delivered: numbered within its job. */
export interface JobEventEnvelope {
  /** Decimal sequence number within the job, from "1"; usable as a tRPC `tracked()` id. */
  readonly id: string;
  readonly jobId: string;
  readonly kind: JobKind;
  readonly ownerId: string;
  /** UTC ISO 8601 instant. */
  readonly at: string;
  readonly event: JobEvent;
}

export interface JobRef {
  readonly id: string;
  readonly kind: JobKind;
  readonly ownerId: string;
}

type Listener = (e: JobEventEnvelope) => void;

/** A status event in an owner's feed, numbered across all their jobs. */
export interface OwnerEvent {
  /** Increases across jobs and across restarts (it starts from the start time); a tRPC id. */
  readonly seq: number;
  readonly env: JobEventEnvelope;
}

type OwnerListener = (e: OwnerEvent) => void;

/** Status events kept per owner for `events.mine` resume. */
const OWNER_LOG = 200;

const TERMINAL: ReadonlySet<JobEventType> = new Set(["completed", "failed", "cancelled"]);

/** The progress event of a worker's update: the overall percent (of a comparison) wins, clamped. */
export function progressEvent(u: WorkerProgress, elapsedMs: number): JobEvent {
  return {
    type: "progress",
    phase: u.phase,
    percent: Math.max(0, Math.min(100, u.overallPercent ?? u.percent ?? 0)),
    elapsedMs,
    message: u.message,
    ...(u.etaMs !== undefined ? { etaMs: u.etaMs } : {}),
    ...(u.incumbentHours !== undefined ? { incumbentHours: u.incumbentHours } : {}),
    ...(u.lowerBoundHours !== undefined ? { lowerBoundHours: u.lowerBoundHours } : {}),
    ...(u.gapPct !== undefined ? { gapPct: u.gapPct } : {}),
    ...(u.strategy !== undefined ? { strategy: u.strategy } : {}),
  };
}

/** Whether an event ends its job's stream. */
export function isTerminal(e: JobEvent): boolean {
  return TERMINAL.has(e.type);
}

/** Options of `JobEvents`. */
export interface JobEventsOptions {
  /**
   * How long a finished job's history stays in memory, ms (default 10 min). After that a
   * subscriber is served from the job's stored row, which holds the same final state.
   */
  readonly retainFinishedMs?: number;
  /** Clock for the retention, ms. */
  readonly now?: () => number;
}

/**
 * In-process pub/sub with a per-job history for resume and late subscribers. A finished job's
 * history is dropped `retainFinishedMs` after its end (checked whenever another job ends), so
 * memory does not grow with every job ever run; `forget` drops one at once.
 */
export class JobEvents {
  readonly #history = new Map<string, JobEventEnvelope[]>();
  readonly #byJob = new Map<string, Set<Listener>>();
  readonly #byOwner = new Map<string, Set<OwnerListener>>();
  readonly #ownerLog = new Map<string, OwnerEvent[]>();
  #ownerSeq: number;
  /** Finished jobs by end time, oldest first (Map keeps insertion order). */
  readonly #finished = new Map<string, number>();
  readonly #retainMs: number;
  readonly #now: () => number;
  #sent = 0;
  /** Live-transport accounting (sockets per user, subscriptions per channel). */
  readonly live: LiveRegistry = new LiveRegistry();

  constructor(opts: JobEventsOptions = {}) {
    this.#retainMs = opts.retainFinishedMs ?? 10 * 60_000;
    this.#now = opts.now ?? (() => Date.now());
    // Microseconds of the start: a restarted server's ids stay above the ones it sent before.
    this.#ownerSeq = Date.now() * 1000;
  }

  /** Numbers, stores and delivers one event. */
  publish(job: JobRef, event: JobEvent): JobEventEnvelope {
    const env: JobEventEnvelope = {
      id: String(this.size(job.id) + 1),
      jobId: job.id,
      kind: job.kind,
      ownerId: job.ownerId,
      at: new Date().toISOString(),
      event,
    };
    this.#record(env);
    return env;
  }

  /**
   * Takes an event numbered elsewhere (the log several instances share): recorded and delivered
   * when it is the job's next, ignored when already held; false when ids before it are missing
   * (read those first).
   */
  ingest(env: JobEventEnvelope): boolean {
    const n = Number(env.id), held = this.size(env.jobId);
    if (n <= held) return true;
    if (n !== held + 1) return false;
    this.#record(env);
    return true;
  }

  /** Where a job's missing events come from before it is read (the shared log, when there is one). */
  #source: ((jobId: string) => Promise<void>) | null = null;

  /** Sets where `sync` reads a job's events held elsewhere. */
  setSource(source: (jobId: string) => Promise<void>): void {
    this.#source = source;
  }

  /** Brings a job's history up to date from the shared log (nothing to do in one process). */
  async sync(jobId: string): Promise<void> {
    await this.#source?.(jobId);
  }

  #record(env: JobEventEnvelope): void {
    const { event } = env;
    const job = { id: env.jobId, ownerId: env.ownerId };
    if (isTerminal(event)) this.#prune();
    const list = this.#history.get(job.id) ?? [];
    list.push(env);
    this.#history.set(job.id, list);
    if (isTerminal(event)) this.#finished.set(job.id, this.#now());
    for (const fn of this.#byJob.get(job.id) ?? []) this.#deliver(fn, env);
    if (event.type !== "progress") {
      const entry: OwnerEvent = { seq: ++this.#ownerSeq, env };
      const log = this.#ownerLog.get(job.ownerId) ?? [];
      log.push(entry);
      if (log.length > OWNER_LOG) log.splice(0, log.length - OWNER_LOG);
      this.#ownerLog.set(job.ownerId, log);
      for (const fn of this.#byOwner.get(job.ownerId) ?? []) this.#deliver(() => fn(entry), env);
    }
  }

  #prune(): void {
    const cutoff = this.#now() - this.#retainMs;
    for (const [id, at] of this.#finished) {
      if (at > cutoff) break;
      this.forget(id);
    }
  }

  #deliver(fn: Listener, env: JobEventEnvelope): void {
    this.#sent++;
    try {
      fn(env);
    } catch {
      // A broken listener must not stop the others.
    }
  }

  /** Listens to one job's events; returns the unsubscribe function. */
  subscribe(jobId: string, fn: Listener): () => void {
    return this.#add(this.#byJob, jobId, fn);
  }

  /** Listens to the status changes (not progress) of every job of one owner. */
  subscribeOwner(ownerId: string, fn: OwnerListener): () => void {
    return this.#add(this.#byOwner, ownerId, fn);
  }

  /**
   * An owner's status events after `lastEventId` (the last `seq` the client saw): the kept ones
   * (the latest 200) with a larger seq; none without an id (a new subscriber wants live events).
   */
  ownerReplay(ownerId: string, lastEventId?: string | null): OwnerEvent[] {
    if (lastEventId === undefined || lastEventId === null) return [];
    const after = Number(lastEventId);
    if (!Number.isFinite(after)) return [];
    return (this.#ownerLog.get(ownerId) ?? []).filter((e) => e.seq > after);
  }

  #add<L>(map: Map<string, Set<L>>, key: string, fn: L): () => void {
    const set = map.get(key) ?? new Set();
    set.add(fn);
    map.set(key, set);
    return () => {
      set.delete(fn);
      if (set.size === 0) map.delete(key);
    };
  }

  /** Stored events of a job after `afterId` (all when undefined). */
  history(jobId: string, afterId?: string): JobEventEnvelope[] {
    const list = this.#history.get(jobId) ?? [];
    const after = afterId === undefined ? 0 : Number(afterId);
    return Number.isFinite(after) ? list.slice(Math.max(0, after)) : list.slice();
  }

  /**
   * What a (re)subscriber is sent first. With `lastEventId` of this process: every event after
   * it. Without one (a late subscriber), or with an id this process never issued (it came from
   * before a restart): the job's current state, i.e. every status event plus the latest
   * progress event per strategy, in id order.
   */
  replay(jobId: string, lastEventId?: string): JobEventEnvelope[] {
    const list = this.#history.get(jobId) ?? [];
    const after = lastEventId === undefined ? NaN : Number(lastEventId);
    if (Number.isInteger(after) && after >= 0 && after <= list.length) return list.slice(after);
    const lastProgress = new Map<string, JobEventEnvelope>();
    for (const e of list) {
      if (e.event.type === "progress") lastProgress.set(e.event.strategy ?? "", e);
    }
    const keep = new Set(lastProgress.values());
    return list.filter((e) => e.event.type !== "progress" || keep.has(e));
  }

  /** Jobs someone here listens to. */
  listenedJobs(): string[] {
    return [...this.#byJob.keys()];
  }

  /** Number of stored events of a job (= the id of its latest event). */
  size(jobId: string): number {
    return this.#history.get(jobId)?.length ?? 0;
  }

  /** Drops a job's history (e.g. when the job is deleted). */
  forget(jobId: string): void {
    this.#history.delete(jobId);
    this.#finished.delete(jobId);
  }

  /** Counters for admin statistics. */
  stats(): { eventsDelivered: number; jobListeners: number; ownerListeners: number } {
    let jobListeners = 0, ownerListeners = 0;
    for (const s of this.#byJob.values()) jobListeners += s.size;
    for (const s of this.#byOwner.values()) ownerListeners += s.size;
    return { eventsDelivered: this.#sent, jobListeners, ownerListeners };
  }
}
