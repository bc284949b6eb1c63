/** Schedules: insert, read, list, delete (always scoped to the owner) and store results. */
import type { Schedule } from "../engine/mod.ts";
import { nowIso, scheduleResultColumns } from "./codec.ts";
import type { Db } from "./open.ts";
import type { JobStatus, NewSchedule, ScheduleRow } from "./schema.ts";

/** Stores a new (queued) schedule. */
export async function insertSchedule(db: Db, row: NewSchedule): Promise<void> {
  await db.insertInto("schedules").values(row).execute();
}

/** The owner's schedule row, or undefined (also when it belongs to someone else). */
export async function getScheduleRow(
  db: Db,
  ownerId: string,
  id: string,
): Promise<ScheduleRow | undefined> {
  return await db.selectFrom("schedules").selectAll()
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
}

/** A schedule row by id alone (for the worker side, which has no owner at hand). */
export async function getScheduleRowById(db: Db, id: string): Promise<ScheduleRow | undefined> {
  return await db.selectFrom("schedules").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface ListFilter {
  readonly page: number;
  readonly pageSize: number;
  readonly status?: JobStatus | undefined;
  readonly strategy?: string | undefined;
}

/** One page of the owner's schedules, newest first, and the total matching. */
export async function listScheduleRows(
  db: Db,
  ownerId: string,
  f: ListFilter,
): Promise<{ rows: ScheduleRow[]; total: number }> {
  let q = db.selectFrom("schedules").where("owner_id", "=", ownerId);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.strategy) q = q.where("strategy", "=", f.strategy);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { rows, total: Number(total) };
}

/** Deletes the owner's schedule; false if there was none. */
export async function deleteScheduleRow(db: Db, ownerId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom("schedules").where("id", "=", id).where("owner_id", "=", ownerId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Stores the result of a running schedule; false if it is no longer running. */
export async function completeSchedule(db: Db, id: string, s: Schedule): Promise<boolean> {
  const at = nowIso();
  const r = await db.updateTable("schedules")
    .set({ ...scheduleResultColumns(s), status: "completed", finished_at: at, updated_at: at })
    .where("id", "=", id).where("status", "=", "running").executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
