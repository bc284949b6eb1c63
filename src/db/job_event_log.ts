/**
 * The stored log of job events that several instances share: each event is numbered after the
 * job's last one in the same statement that stores it, and on Postgres every instance is told by
 * NOTIFY (sent at commit, so the row is there when a listener reads it). Instances read the log
 * after the last id they hold, so a missed or late notification loses nothing.
 */
import pg from "pg";
import { sql } from "kysely";
import { nowIso } from "./codec/values.ts";
import { dbKindOf, isUniqueViolation } from "./dialects.ts";
import type { Db } from "./open.ts";

/** The Postgres channel whose payload is the id of a job with a new event. */
export const JOB_EVENTS_CHANNEL = "fillsched_job_events";
/** The Postgres channel whose payload is the id of a job its user asked to stop early. */
const STOP_CHANNEL = "fillsched_job_stop";

/** Whose event it is. */
export interface EventOwner {
  readonly jobId: string;
  readonly kind: "schedule" | "compare";
  readonly ownerId: string;
}

/** One stored event; `event` is the JSON the service wrote. */
export interface StoredJobEvent extends EventOwner {
  readonly seq: number;
  readonly at: string;
  readonly event: unknown;
}

/** Tries of an append that raced another instance's append to the same job. */
const APPEND_TRIES = 8;

/** Stores `event` as the job's next one and notifies the other instances; returns it numbered. */
export async function appendJobEvent(
  db: Db,
  who: EventOwner,
  event: unknown,
): Promise<StoredJobEvent> {
  const json = JSON.stringify(event);
  const notify = dbKindOf(db) === "postgres";
  for (let attempt = 1;; attempt++) {
    const at = nowIso();
    try {
      const seq = await db.transaction().execute(async (tx) => {
        const r = await sql<{ seq: number }>`
          insert into job_events (job_id, seq, owner_id, kind, at, event_json)
          select ${who.jobId}, coalesce(max(seq), 0) + 1, ${who.ownerId}, ${who.kind}, ${at}, ${json}
          from job_events where job_id = ${who.jobId}
          returning seq`.execute(tx);
        if (notify) await sql`select pg_notify(${JOB_EVENTS_CHANNEL}, ${who.jobId})`.execute(tx);
        return Number(r.rows[0]?.seq);
      });
      return { ...who, seq, at, event };
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= APPEND_TRIES) throw e;
    }
  }
}

/** The job's stored events after `afterSeq`, in order. */
export async function readJobEvents(
  db: Db,
  jobId: string,
  afterSeq = 0,
): Promise<StoredJobEvent[]> {
  const rows = await db.selectFrom("job_events").selectAll()
    .where("job_id", "=", jobId).where("seq", ">", afterSeq).orderBy("seq").execute();
  return rows.map((r) => ({
    jobId: r.job_id,
    kind: r.kind,
    ownerId: r.owner_id,
    seq: Number(r.seq),
    at: r.at,
    event: JSON.parse(r.event_json),
  }));
}

/** Deletes the stored events of a job (when the job is deleted). */
export async function deleteJobEvents(db: Db, jobId: string): Promise<void> {
  await db.deleteFrom("job_events").where("job_id", "=", jobId).execute();
}

/** Tells every instance (this one too) that the user asked job `jobId` to stop early. */
export async function notifyStop(db: Db, jobId: string): Promise<void> {
  await sql`select pg_notify(${STOP_CHANNEL}, ${jobId})`.execute(db);
}

/** What a listener is told. */
export interface EventNotices {
  /** The job has new events in the log. */
  onJob(jobId: string): void;
  /** The job's user asked it to stop early. */
  onStop(jobId: string): void;
  /** The connection was lost and is back: notifications sent meanwhile are gone. */
  onReconnect(): void;
}

/** A LISTEN connection; close it to stop. */
export interface EventListener {
  close(): Promise<void>;
}

/**
 * Listens on the Postgres at `url` for jobs with new events. After a lost connection it connects
 * again (every second until it can) and calls `onReconnect`, since notifications sent meanwhile
 * are gone: the caller reads the log again.
 */
export async function listenJobEvents(url: string, on: EventNotices): Promise<EventListener> {
  let closed = false;
  let client: pg.Client | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (n) => {
      if (!n.payload) return;
      if (n.channel === JOB_EVENTS_CHANNEL) on.onJob(n.payload);
      if (n.channel === STOP_CHANNEL) on.onStop(n.payload);
    });
    c.on("error", () => {
      if (client !== c || closed) return;
      client = null;
      c.end().catch(() => {});
      retry();
    });
    await c.connect();
    await c.query(`listen ${JOB_EVENTS_CHANNEL}; listen ${STOP_CHANNEL}`);
    client = c;
  };
  const retry = (): void => {
    setTimeout(async () => {
      if (closed) return;
      try {
        await connect();
        on.onReconnect();
      } catch {
        retry();
      }
    }, 1000);
  };
  await connect();
  return {
    async close() {
      closed = true;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
