/**
 * Job events shared by several instances of one Postgres database: an event is stored in the log
 * (db/job_event_log.ts), numbered there, and every instance (this one too) reads it into its own
 * bus when told by NOTIFY, so a subscriber on any instance sees every event of a job that runs on
 * another, in order, with the same ids. A subscriber that comes late, or reconnects to another
 * instance, is served from the log first (`JobEvents.sync`).
 */
import {
  appendJobEvent,
  type EventListener,
  listenJobEvents,
  notifyStop,
  readJobEvents,
  type StoredJobEvent,
} from "../../db/job_event_log.ts";
import type { Db } from "../../db/open.ts";
import type { Logger } from "../env.ts";
import type { JobEvent, JobEventEnvelope, JobEvents, JobRef } from "./job_events.ts";

function envelopeOf(e: StoredJobEvent): JobEventEnvelope {
  return {
    id: String(e.seq),
    jobId: e.jobId,
    kind: e.kind,
    ownerId: e.ownerId,
    at: e.at,
    event: e.event as JobEvent,
  };
}

/** Runs tasks one after another per key (a job's events are stored and read in order). */
class KeyedChain {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const next = (this.#tails.get(key) ?? Promise.resolve()).then(task, task);
    const tail = next.catch(() => {});
    this.#tails.set(key, tail);
    tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }
}

/** The shared event log of one instance. */
export class SharedEvents {
  readonly #db: Db;
  readonly #events: JobEvents;
  readonly #logger: Logger;
  readonly #writes = new KeyedChain();
  readonly #reads = new KeyedChain();
  #listener: EventListener | null = null;
  readonly #stopListeners = new Set<(jobId: string) => void>();

  private constructor(db: Db, events: JobEvents, logger: Logger) {
    this.#db = db;
    this.#events = events;
    this.#logger = logger;
  }

  /** Starts listening on the database at `url`; the bus reads missing events from the log. */
  static async open(db: Db, events: JobEvents, url: string, logger: Logger): Promise<SharedEvents> {
    const shared = new SharedEvents(db, events, logger);
    shared.#listener = await listenJobEvents(url, {
      onJob: (jobId) => void shared.pull(jobId).catch((e) => shared.#warn(e)),
      onStop: (jobId) => shared.#stopListeners.forEach((fn) => fn(jobId)),
      onReconnect: () => void shared.#pullKnown().catch((e) => shared.#warn(e)),
    });
    events.setSource((jobId) => shared.pull(jobId));
    return shared;
  }

  #warn(e: unknown): void {
    this.#logger.warn("cannot read shared job events", { error: String(e) });
  }

  /** Stores an event as the job's next (in the order given per job) and delivers it here. */
  publish(ref: JobRef, event: JobEvent): Promise<JobEventEnvelope> {
    const who = { jobId: ref.id, kind: ref.kind, ownerId: ref.ownerId };
    return this.#writes.run(ref.id, async () => {
      const stored = envelopeOf(await appendJobEvent(this.#db, who, event));
      await this.pull(ref.id);
      return stored;
    });
  }

  /** Reads the job's events after the last one this bus holds and delivers them. */
  pull(jobId: string): Promise<void> {
    return this.#reads.run(jobId, async () => {
      const rows = await readJobEvents(this.#db, jobId, this.#events.size(jobId));
      for (const r of rows) this.#events.ingest(envelopeOf(r));
    });
  }

  /** After a lost LISTEN connection: reads what every job with a listener here missed. */
  async #pullKnown(): Promise<void> {
    for (const jobId of this.#events.listenedJobs()) await this.pull(jobId);
  }

  /** Asks whichever instance runs (or will run) the job to stop it early. */
  async askStop(jobId: string): Promise<void> {
    await notifyStop(this.#db, jobId);
  }

  /** Listens to stop requests for any job. */
  onStop(fn: (jobId: string) => void): void {
    this.#stopListeners.add(fn);
  }

  async close(): Promise<void> {
    await this.#listener?.close();
    this.#listener = null;
  }
}
