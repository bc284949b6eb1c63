/** Status changes shared by both job tables (schedules, comparisons). */
import { nowIso } from "./codec.ts";
import type { Db } from "./open.ts";
import type { JobStatus } from "./schema.ts";

export type JobTable = "schedules" | "comparisons";

/** The table of a job kind. */
export function tableOf(kind: "schedule" | "compare"): JobTable {
  return kind === "schedule" ? "schedules" : "comparisons";
}

/** Sets a queued job running; false if it is no longer queued (cancelled or deleted meanwhile). */
export async function markStarted(db: Db, table: JobTable, id: string): Promise<boolean> {
  const at = nowIso();
  const r = await db.updateTable(table)
    .set({ status: "running", started_at: at, updated_at: at })
    .where("id", "=", id).where("status", "=", "queued").executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Ends an unfinished job as failed or cancelled; false if it had already ended. */
export async function markEnded(
  db: Db,
  table: JobTable,
  id: string,
  status: "failed" | "cancelled",
  error: string | null = null,
): Promise<boolean> {
  const at = nowIso();
  const r = await db.updateTable(table)
    .set({ status, error, finished_at: at, updated_at: at })
    .where("id", "=", id).where("status", "in", ["queued", "running"]).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** A job left unfinished by a stopped server. */
export interface UnfinishedJob {
  readonly id: string;
  readonly kind: "schedule" | "compare";
  readonly ownerId: string;
  readonly status: JobStatus;
  readonly createdAt: string;
}

/** Puts every running job back to queued and returns all unfinished jobs, oldest first. */
export async function requeueUnfinished(db: Db): Promise<UnfinishedJob[]> {
  const out: UnfinishedJob[] = [];
  for (const [table, kind] of [["schedules", "schedule"], ["comparisons", "compare"]] as const) {
    await db.updateTable(table).set({ status: "queued", started_at: null, updated_at: nowIso() })
      .where("status", "=", "running").execute();
    const rows = await db.selectFrom(table).select(["id", "owner_id", "status", "created_at"])
      .where("status", "=", "queued").execute();
    for (const r of rows) {
      out.push({ id: r.id, kind, ownerId: r.owner_id, status: r.status, createdAt: r.created_at });
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
