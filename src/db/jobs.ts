/** What both job tables (schedules, comparisons) share: status changes, recovery, job state. */
import type { Bound, Kpis } from "../engine/mod.ts";
import { decodeStrategies } from "./codec/comparisons.ts";
import { boundSchema, decodeOrNull, kpisSchema, nowIso } from "./codec/values.ts";
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
  /** The strategy; comparisons list theirs comma-separated. */
  readonly strategy: string;
}

/** Puts every running job back to queued and returns all unfinished jobs, oldest first. */
export async function requeueUnfinished(db: Db): Promise<UnfinishedJob[]> {
  const out: UnfinishedJob[] = [];
  for (const [table, kind] of [["schedules", "schedule"], ["comparisons", "compare"]] as const) {
    await db.updateTable(table).set({ status: "queued", started_at: null, updated_at: nowIso() })
      .where("status", "=", "running").execute();
    const rows = table === "schedules"
      ? await db.selectFrom(table).select(["id", "owner_id", "status", "created_at", "strategy"])
        .where("status", "=", "queued").execute()
      : (await db.selectFrom(table)
        .select(["id", "owner_id", "status", "created_at", "strategies_json"])
        .where("status", "=", "queued").execute())
        .map((r) => ({ ...r, strategy: decodeStrategies(r.strategies_json).join(",") }));
    for (const r of rows) {
      out.push({
        id: r.id,
        kind,
        ownerId: r.owner_id,
        status: r.status,
        createdAt: r.created_at,
        strategy: r.strategy,
      });
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A job's stored state: its status, and for a finished one the result or the error. */
export interface JobRecord {
  readonly id: string;
  readonly ownerId: string;
  readonly status: JobStatus;
  /** Comparisons: canonical strategy names in run order; schedules: none. */
  readonly strategies: readonly string[];
  /** A comparison reports the KPIs and bound of its best run. */
  readonly kpis: Kpis | null;
  readonly bound: Bound | null;
  readonly error: string | null;
}

/** The job `id` of `kind` if it exists and belongs to `ownerId`; otherwise null. */
export async function findJobRecord(
  db: Db,
  kind: "schedule" | "compare",
  id: string,
  ownerId: string,
): Promise<JobRecord | null> {
  if (kind === "schedule") {
    const row = await db.selectFrom("schedules")
      .select(["id", "owner_id", "status", "kpis_json", "bound_json", "error"])
      .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      ownerId: row.owner_id,
      status: row.status,
      strategies: [],
      kpis: decodeOrNull("kpis_json", row.kpis_json, kpisSchema),
      bound: decodeOrNull("bound_json", row.bound_json, boundSchema),
      error: row.error,
    };
  }
  const row = await db.selectFrom("comparisons")
    .select(["id", "owner_id", "status", "strategies_json", "best", "error"])
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  if (!row) return null;
  const best = row.status === "completed" && row.best !== null
    ? await db.selectFrom("comparison_runs").select(["kpis_json", "bound_json"])
      .where("comparison_id", "=", id).where("strategy", "=", row.best).executeTakeFirst()
    : undefined;
  return {
    id: row.id,
    ownerId: row.owner_id,
    status: row.status,
    strategies: decodeStrategies(row.strategies_json),
    kpis: decodeOrNull("kpis_json", best?.kpis_json ?? null, kpisSchema),
    bound: decodeOrNull("bound_json", best?.bound_json ?? null, boundSchema),
    error: row.error,
  };
}
