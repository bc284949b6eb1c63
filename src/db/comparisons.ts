/** Comparisons and their runs: insert, read, list, delete (owner-scoped) and store results. */
import type { CompareResult } from "../engine/compare.ts";
import { encode, nowIso } from "./codec.ts";
import type { Db } from "./open.ts";
import type { ComparisonRow, ComparisonRunRow, JobStatus, NewComparison } from "./schema.ts";

/** Stores a new (queued) comparison. */
export async function insertComparison(db: Db, row: NewComparison): Promise<void> {
  await db.insertInto("comparisons").values(row).execute();
}

/** The owner's comparison and its runs, or undefined. */
export async function getComparisonRows(
  db: Db,
  ownerId: string,
  id: string,
): Promise<{ row: ComparisonRow; runs: ComparisonRunRow[] } | undefined> {
  const row = await db.selectFrom("comparisons").selectAll()
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  if (!row) return undefined;
  const runs = await db.selectFrom("comparison_runs").selectAll()
    .where("comparison_id", "=", id).orderBy("position").execute();
  return { row, runs };
}

/** A comparison row by id alone (worker side). */
export async function getComparisonRowById(
  db: Db,
  id: string,
): Promise<ComparisonRow | undefined> {
  return await db.selectFrom("comparisons").selectAll().where("id", "=", id).executeTakeFirst();
}

/** One page of the owner's comparisons, newest first, and the total matching. */
export async function listComparisonRows(
  db: Db,
  ownerId: string,
  f: { page: number; pageSize: number; status?: JobStatus | undefined },
): Promise<{ rows: ComparisonRow[]; total: number }> {
  let q = db.selectFrom("comparisons").where("owner_id", "=", ownerId);
  if (f.status) q = q.where("status", "=", f.status);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { rows, total: Number(total) };
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
