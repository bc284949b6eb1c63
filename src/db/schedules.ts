/** Schedules: store, read, list, delete (always scoped to the owner) and store results. */
import type { Lot, Schedule, SchedulerConfig } from "../engine/mod.ts";
import {
  scheduleResultColumns,
  type ScheduleSummary,
  type ScheduleView,
  toEngineSchedule,
  toScheduleSummary,
  toScheduleView,
} from "./codec/schedules.ts";
import { decodeConfig, decodeLots, encode, nowIso } from "./codec/values.ts";
import type { Db } from "./open.ts";
import type { JobStatus, ScheduleRow } from "./schema.ts";

/** A checked schedule request, about to be queued. */
export interface QueuedSchedule {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string | null;
  /** Canonical strategy name. */
  readonly strategy: string;
  readonly templateId: string | null;
  readonly lots: readonly Lot[];
  readonly config: SchedulerConfig;
  /** Where each effective config value came from. */
  readonly sources: Readonly<Record<string, string>>;
  readonly startMs: number;
}

/** Stores a new schedule as queued. */
export async function insertQueuedSchedule(db: Db, s: QueuedSchedule): Promise<void> {
  const at = nowIso();
  await db.insertInto("schedules").values({
    id: s.id,
    owner_id: s.ownerId,
    name: s.name,
    status: "queued",
    strategy: s.strategy,
    template_id: s.templateId,
    lot_count: s.lots.length,
    // The lots as given, without anything a caller may have hung on them.
    lots_json: encode(
      s.lots.map(({ id, type, vials, line }) =>
        line !== undefined ? { id, type, vials, line } : { id, type, vials }
      ),
    ),
    config_json: encode(s.config),
    config_sources_json: encode(s.sources),
    start_at: new Date(s.startMs).toISOString(),
    kpis_json: null,
    bound_json: null,
    activities_json: null,
    plan_json: null,
    solve_status: null,
    validation_json: null,
    elapsed_ms: null,
    error: null,
    created_at: at,
    started_at: null,
    finished_at: null,
    updated_at: at,
  }).execute();
}

async function ownedRow(db: Db, ownerId: string, id: string): Promise<ScheduleRow | undefined> {
  return await db.selectFrom("schedules").selectAll()
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
}

/** The owner's schedule with its result, or null (also when it belongs to someone else). */
export async function findScheduleView(
  db: Db,
  ownerId: string,
  id: string,
): Promise<ScheduleView | null> {
  const row = await ownedRow(db, ownerId, id);
  return row ? toScheduleView(row) : null;
}

/** The status of the owner's schedule, or null. */
export async function findScheduleStatus(
  db: Db,
  ownerId: string,
  id: string,
): Promise<JobStatus | null> {
  const row = await db.selectFrom("schedules").select("status")
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  return row?.status ?? null;
}

/** What an export of the owner's schedule needs; `schedule` is null until it completed. */
export interface StoredSchedule {
  readonly status: JobStatus;
  readonly schedule: Schedule | null;
  readonly timeZone: string;
  /** When the result was stored (else the row's last change). */
  readonly finishedAt: string;
}

/** The owner's schedule as the engine's Schedule, for exports; null when there is none. */
export async function findStoredSchedule(
  db: Db,
  ownerId: string,
  id: string,
): Promise<StoredSchedule | null> {
  const row = await ownedRow(db, ownerId, id);
  if (!row) return null;
  return {
    status: row.status,
    schedule: toEngineSchedule(row),
    timeZone: decodeConfig(row.config_json).timeZone,
    finishedAt: row.finished_at ?? row.updated_at,
  };
}

/** What a worker needs to run a stored schedule; null if the row is gone. */
export async function findScheduleJob(
  db: Db,
  id: string,
): Promise<
  { lots: Lot[]; config: SchedulerConfig; strategy: string; startMs: number } | null
> {
  const row = await db.selectFrom("schedules")
    .select(["lots_json", "config_json", "strategy", "start_at"])
    .where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  return {
    lots: decodeLots(row.lots_json),
    config: decodeConfig(row.config_json),
    strategy: row.strategy,
    startMs: Date.parse(row.start_at),
  };
}

export interface ListFilter {
  readonly page: number;
  readonly pageSize: number;
  readonly status?: JobStatus | undefined;
  readonly strategy?: string | undefined;
}

/** One page of the owner's schedules, newest first, and the total matching. */
export async function listScheduleSummaries(
  db: Db,
  ownerId: string,
  f: ListFilter,
): Promise<{ items: ScheduleSummary[]; total: number }> {
  let q = db.selectFrom("schedules").where("owner_id", "=", ownerId);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.strategy) q = q.where("strategy", "=", f.strategy);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { items: rows.map(toScheduleSummary), total: Number(total) };
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
