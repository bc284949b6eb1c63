/**
 * One run of a stored job, the same whichever queue handed it out: the worker request read from
 * its row, and its worker's final reply stored (retried while storage is full) and turned into the
 * event that announces it.
 */
import { completeComparison, findComparisonJob } from "../../db/comparisons.ts";
import { storageFaultOf } from "../../db/faults.ts";
import { markEnded, tableOf } from "../../db/jobs.ts";
import type { Db } from "../../db/open.ts";
import { completeSchedule, findScheduleJob, findScheduleViewHead } from "../../db/schedules.ts";
import { scheduleViewJson } from "../../db/codec/schedules.ts";
import type { Logger } from "../env.ts";
import type { WorkerReply, WorkerRequest } from "../worker_protocol.ts";
import type { JobEvent, JobKind } from "./job_events.ts";
import { type KeptViews, stampOf } from "./kept_views.ts";

/** Pause between attempts to store a result while storage is failing, ms. */
const STORAGE_RETRY_MS = 1000;

/** A worker's last word on a pool job. */
export type FinalReply = Extract<WorkerReply, { type: "schedule" | "compare" | "error" }>;

/** Whether a reply ends its pool job (progress and the explain workers' replies do not). */
export function isFinalReply(m: WorkerReply): m is FinalReply {
  return m.type === "schedule" || m.type === "compare" || m.type === "error";
}

/** The worker request of a stored job; null if the row is gone. */
export async function workerRequestOf(
  db: Db,
  kind: JobKind,
  id: string,
  boundBudgetMs: number,
): Promise<WorkerRequest | null> {
  if (kind === "schedule") {
    const job = await findScheduleJob(db, id);
    return job && { type: "schedule", jobId: id, ...job, boundBudgetMs };
  }
  const job = await findComparisonJob(db, id);
  return job && { type: "compare", jobId: id, ...job, boundBudgetMs };
}

/** How `storeFinalReply` keeps trying while storage fails. */
export interface PersistOptions {
  readonly logger: Logger;
  /** True once the service closes: a result not stored by then is run again later. */
  readonly closed: () => boolean;
}

/** How `storeFinalReply` stores: retrying as `persist` does, keeping completed views. */
export interface StoreOptions extends PersistOptions {
  readonly views: KeptViews;
}

/**
 * Runs a write of a job's outcome, again every second while storage is full or read-only, so a
 * result computed during a storage outage is stored once space returns (not lost, not left
 * running). Gives up (false) when the service closes: the job then runs again later.
 */
export async function persist(write: () => Promise<boolean>, o: PersistOptions): Promise<boolean> {
  for (let warned = false;;) {
    try {
      return await write();
    } catch (e) {
      const fault = storageFaultOf(e);
      if (!fault || o.closed()) throw e;
      if (!warned) {
        o.logger.warn("cannot store a job result; retrying", { fault });
        warned = true;
      }
      await new Promise((r) => setTimeout(r, STORAGE_RETRY_MS));
      if (o.closed()) return false;
    }
  }
}

/**
 * Stores a job's final reply and returns the event announcing it; null when nothing was stored
 * (the job had ended meanwhile, or the service closed first). A completed schedule's view is kept
 * in `views` at once, from the result part its worker rendered: every owner polling the job reads
 * it next, and decoding a 500-lot result on the server's thread cost ~5 ms.
 */
export async function storeFinalReply(
  db: Db,
  kind: JobKind,
  id: string,
  m: FinalReply,
  o: StoreOptions,
): Promise<JobEvent | null> {
  if (m.type === "schedule") {
    if (!(await persist(() => completeSchedule(db, id, m.columns), o))) return null;
    await keepCompletedView(db, o.views, id, m.resultView).catch((e) => {
      o.logger.warn("cannot keep a completed schedule's view", { jobId: id, error: String(e) });
    });
    return { type: "completed", kpis: m.kpis, bound: m.bound };
  }
  if (m.type === "compare") {
    if (!(await persist(() => completeComparison(db, id, m.result), o))) return null;
    const best = m.result.runs.find((r) => r.strategy === m.result.best)?.schedule ?? null;
    return { type: "completed", kpis: best?.kpis ?? null, bound: best?.bound ?? null };
  }
  const table = tableOf(kind);
  if (!(await persist(() => markEnded(db, table, id, "failed", m.message), o))) return null;
  return { type: "failed", error: m.message };
}

/** Keeps the view of schedule `id`, completed with the result part `resultJson`. */
async function keepCompletedView(
  db: Db,
  views: KeptViews,
  id: string,
  resultJson: string,
): Promise<void> {
  const head = await findScheduleViewHead(db, id);
  // A completed row's result columns never change again, so they are the ones just stored;
  // its other columns and its stamp are read together.
  if (head?.status !== "completed") return;
  const stamp = stampOf({
    status: head.status,
    updatedAt: head.updated_at,
    attempts: Number(head.attempts),
  });
  views.putJson(id, stamp, scheduleViewJson(head, resultJson));
}
