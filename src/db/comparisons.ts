/** Comparisons and their runs: store, read, list, delete (owner-scoped) and store results. */
import type { CompareResult } from "../engine/mod.ts";
import {
  COMPARISON_SUMMARY_COLUMNS,
  type ComparisonSummary,
  type ComparisonView,
  damagedComparisonSummary,
  decodeStrategies,
  toComparisonSummary,
  toComparisonView,
} from "./codec/comparisons.ts";
import { encode, nowIso, readOr } from "./codec/values.ts";
import {
  type JobInput,
  jobInputOf,
  listJobRows,
  type PageFilter,
  queuedColumns,
  type QueuedJob,
} from "./jobs.ts";
import type { Db } from "./open.ts";

/** A checked comparison request, about to be queued. */
export interface QueuedComparison extends QueuedJob {
  /** Canonical strategy names, in run order. */
  readonly strategies: readonly string[];
}

/** Stores a new comparison as queued. */
export async function insertQueuedComparison(db: Db, c: QueuedComparison): Promise<void> {
  await db.insertInto("comparisons").values({
    ...queuedColumns(c),
    strategies_json: encode(c.strategies),
    best: null,
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

/** What a worker needs to run a stored comparison; null if the row is gone. */
export async function findComparisonJob(
  db: Db,
  id: string,
): Promise<JobInput & { strategies: string[] } | null> {
  const row = await db.selectFrom("comparisons")
    .select(["lots_json", "config_json", "strategies_json", "start_at"])
    .where("id", "=", id).executeTakeFirst();
  return row ? { ...jobInputOf(row), strategies: decodeStrategies(row.strategies_json) } : null;
}

/** One page of the owner's comparisons, newest first, and the total matching. */
export async function listComparisonSummaries(
  db: Db,
  ownerId: string,
  f: PageFilter,
): Promise<{ items: ComparisonSummary[]; total: number }> {
  const { rows, total } = await listJobRows(
    db,
    "comparisons",
    ownerId,
    f,
    COMPARISON_SUMMARY_COLUMNS,
  );
  return {
    items: rows.map((r) => readOr(r, toComparisonSummary, damagedComparisonSummary)),
    total,
  };
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
