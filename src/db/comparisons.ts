/** Comparisons and their runs: store, read, list, delete (owner-scoped) and store results. */
import type { CompareResult, Lot, SchedulerConfig } from "../engine/mod.ts";
import {
  type ComparisonSummary,
  type ComparisonView,
  decodeStrategies,
  toComparisonSummary,
  toComparisonView,
} from "./codec/comparisons.ts";
import { decodeConfig, decodeLots, encode, nowIso } from "./codec/values.ts";
import type { Db } from "./open.ts";
import type { JobStatus } from "./schema.ts";

/** A checked comparison request, about to be queued. */
export interface QueuedComparison {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string | null;
  /** Canonical strategy names, in run order. */
  readonly strategies: readonly string[];
  readonly lots: readonly Lot[];
  readonly config: SchedulerConfig;
  readonly startMs: number;
}

/** Stores a new comparison as queued. */
export async function insertQueuedComparison(db: Db, c: QueuedComparison): Promise<void> {
  const at = nowIso();
  await db.insertInto("comparisons").values({
    id: c.id,
    owner_id: c.ownerId,
    name: c.name,
    status: "queued",
    strategies_json: encode(c.strategies),
    lot_count: c.lots.length,
    lots_json: encode(c.lots),
    config_json: encode(c.config),
    start_at: new Date(c.startMs).toISOString(),
    best: null,
    error: null,
    created_at: at,
    started_at: null,
    finished_at: null,
    updated_at: at,
  }).execute();
}

/** The owner's comparison with its runs, deltas against `baseline` and gaps; or null. */
export async function findComparisonView(
  db: Db,
  ownerId: string,
  id: string,
  baseline: string,
): Promise<ComparisonView | null> {
  const row = await db.selectFrom("comparisons").selectAll()
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  if (!row) return null;
  const runs = await db.selectFrom("comparison_runs").selectAll()
    .where("comparison_id", "=", id).orderBy("position").execute();
  return toComparisonView(row, runs, baseline);
}

/** The status of the owner's comparison, or null. */
export async function findComparisonStatus(
  db: Db,
  ownerId: string,
  id: string,
): Promise<JobStatus | null> {
  const row = await db.selectFrom("comparisons").select("status")
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  return row?.status ?? null;
}

/** What a worker needs to run a stored comparison; null if the row is gone. */
export async function findComparisonJob(
  db: Db,
  id: string,
): Promise<
  { lots: Lot[]; config: SchedulerConfig; strategies: string[]; startMs: number } | null
> {
  const row = await db.selectFrom("comparisons")
    .select(["lots_json", "config_json", "strategies_json", "start_at"])
    .where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  return {
    lots: decodeLots(row.lots_json),
    config: decodeConfig(row.config_json),
    strategies: decodeStrategies(row.strategies_json),
    startMs: Date.parse(row.start_at),
  };
}

/** One page of the owner's comparisons, newest first, and the total matching. */
export async function listComparisonSummaries(
  db: Db,
  ownerId: string,
  f: { page: number; pageSize: number; status?: JobStatus | undefined },
): Promise<{ items: ComparisonSummary[]; total: number }> {
  let q = db.selectFrom("comparisons").where("owner_id", "=", ownerId);
  if (f.status) q = q.where("status", "=", f.status);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { items: rows.map(toComparisonSummary), total: Number(total) };
}

/** Deletes the owner's comparison (runs cascade); false if there was none. */
export async function deleteComparisonRow(db: Db, ownerId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom("comparisons").where("id", "=", id).where("owner_id", "=", ownerId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Stores the runs and the best of a running comparison in one transaction; false if not running. */
export async function completeComparison(
  db: Db,
  id: string,
  result: CompareResult,
): Promise<boolean> {
  return await db.transaction().execute(async (tx) => {
    const at = nowIso();
    const r = await tx.updateTable("comparisons")
      .set({ status: "completed", best: result.best, finished_at: at, updated_at: at })
      .where("id", "=", id).where("status", "=", "running").executeTakeFirst();
    if (r.numUpdatedRows === 0n) return false;
    await tx.deleteFrom("comparison_runs").where("comparison_id", "=", id).execute();
    if (result.runs.length) {
      await tx.insertInto("comparison_runs").values(result.runs.map((run, position) => ({
        comparison_id: id,
        position,
        strategy: run.strategy,
        status: run.schedule ? "completed" as const : "failed" as const,
        kpis_json: run.schedule ? encode(run.schedule.kpis) : null,
        bound_json: run.schedule ? encode(run.schedule.bound) : null,
        solve_status: run.schedule?.status ?? null,
        elapsed_ms: run.schedule?.elapsedMs ?? null,
        error: run.error,
      }))).execute();
    }
    return true;
  });
}
