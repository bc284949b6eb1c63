/** Schedules: store, read, list, delete (always scoped to the owner) and store results. */
import type { Schedule } from "../engine/mod.ts";
import {
  damagedScheduleSummary,
  scheduleResultColumns,
  type ScheduleSummary,
  type ScheduleView,
  toEngineSchedule,
  toScheduleSummary,
  toScheduleView,
} from "./codec/schedules.ts";
import { decodeConfig, encode, nowIso, readOr } from "./codec/values.ts";
import { sql } from "kysely";
import {
  type JobInput,
  jobInputOf,
  listJobRows,
  type PageFilter,
  queuedColumns,
  type QueuedJob,
} from "./jobs.ts";
import type { Db } from "./open.ts";
import type { JobStatus, ScheduleRow } from "./schema.ts";

/** A checked schedule request, about to be queued. */
export interface QueuedSchedule extends QueuedJob {
  /** Canonical strategy name. */
  readonly strategy: string;
  readonly templateId: string | null;
  /** Where each effective config value came from. */
  readonly sources: Readonly<Record<string, string>>;
}

/** Stores a new schedule as queued. */
export async function insertQueuedSchedule(db: Db, s: QueuedSchedule): Promise<void> {
  await db.insertInto("schedules").values({
    ...queuedColumns(s),
    strategy: s.strategy,
    template_id: s.templateId,
    config_sources_json: encode(s.sources),
    kpis_json: null,
    bound_json: null,
    activities_json: null,
    plan_json: null,
    solve_status: null,
    validation_json: null,
    elapsed_ms: null,
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
): Promise<JobInput & { strategy: string } | null> {
  const row = await db.selectFrom("schedules")
    .select(["lots_json", "config_json", "strategy", "start_at"])
    .where("id", "=", id).executeTakeFirst();
  return row ? { ...jobInputOf(row), strategy: row.strategy } : null;
}

/** One page of the owner's schedules (of one strategy, if given), newest first, and the total. */
export async function listScheduleSummaries(
  db: Db,
  ownerId: string,
  f: PageFilter & { readonly strategy?: string | undefined },
): Promise<{ items: ScheduleSummary[]; total: number }> {
  const { strategy } = f;
  const { rows, total } = await listJobRows(
    db,
    "schedules",
    ownerId,
    f,
    (q) => strategy ? q.where(sql.ref("strategy"), "=", strategy) : q,
  );
  return { items: rows.map((r) => readOr(r, toScheduleSummary, damagedScheduleSummary)), total };
}

/** Stores the result of a running schedule; false if it is no longer running. */
export async function completeSchedule(db: Db, id: string, s: Schedule): Promise<boolean> {
  const at = nowIso();
  const r = await db.updateTable("schedules")
    .set({ ...scheduleResultColumns(s), status: "completed", finished_at: at, updated_at: at })
    .where("id", "=", id).where("status", "=", "running").executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
