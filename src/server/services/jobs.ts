/** Background jobs: a queue with per-user limits over a pool of engine workers. (skeleton) */
import type { Db } from "../../db/open.ts";
import type { JobEvents, JobKind } from "./job_events.ts";
import type { ServerConfig } from "../env.ts";

/** One queued or running job, as admins see it. */
export interface JobSnapshotItem {
  readonly id: string;
  readonly kind: JobKind;
  readonly ownerId: string;
  readonly strategy: string;
  readonly state: "queued" | "running";
  /** UTC ISO instant since which it is in its state. */
  readonly since: string;
}

/** The runner of schedule and comparison jobs. */
export class JobService {
  readonly #db: Db;
  readonly #events: JobEvents;
  readonly #config: ServerConfig;

  constructor(db: Db, events: JobEvents, config: ServerConfig) {
    this.#db = db;
    this.#events = events;
    this.#config = config;
  }

  /** Running jobs first, then queued ones in queue order. */
  snapshot(): { running: JobSnapshotItem[]; queued: JobSnapshotItem[]; workers: number } {
    return { running: [], queued: [], workers: this.#config.workers };
  }

  /** Stops accepting work and terminates the workers; running jobs stay `running` in the DB and are resumed on the next start. */
  close(): Promise<void> {
    void this.#db;
    void this.#events;
    return Promise.resolve();
  }
}
