/** Schedules: store, read, list, delete (always scoped to the owner) and store results. */
import { fingerprints, type Schedule, type ScheduleLineage } from "../engine/mod.ts";
import {
  damagedScheduleSummary,
  lineageOf,
  SCHEDULE_SUMMARY_COLUMNS,
  SCHEDULE_VIEW_COLUMNS,
  SCHEDULE_VIEW_HEAD_COLUMNS,
  type ScheduleResultColumns,
  scheduleResultColumns,
  type ScheduleSummary,
  type ScheduleView,
  type ScheduleViewHeadRow,
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

/** Stores a new schedule as queued (a first version, fingerprinted). */
export async function insertQueuedSchedule(db: Db, s: QueuedSchedule): Promise<void> {
  const f = await fingerprints(s.lots, s.config);
  await db.insertInto("schedules").values({
    ...queuedColumns(s),
    parent_id: null,
    root_id: null,
    input_hash: f.inputHash,
    config_hash: f.configHash,
    engine_version: f.engineVersion,
    change_json: null,
    strategy: s.strategy,
    template_id: s.templateId,
    config_sources_json: encode(s.sources),
    kpis_json: null,
    kpi_summary_json: null,
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
  // Not the lots: a view does not show them, and polling readers would copy them on every call.
  const row = await db.selectFrom("schedules").select(SCHEDULE_VIEW_COLUMNS)
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  return row ? toScheduleView(row) : null;
}

/** A schedule's row without its result columns (for a view whose result part is at hand). */
export async function findScheduleViewHead(
  db: Db,
  id: string,
): Promise<ScheduleViewHeadRow | undefined> {
  return await db.selectFrom("schedules").select(SCHEDULE_VIEW_HEAD_COLUMNS)
    .where("id", "=", id).executeTakeFirst();
}

/** What an export of the owner's schedule needs; `schedule` is null until it completed. */
export interface StoredSchedule {
  readonly status: JobStatus;
  readonly schedule: Schedule | null;
  readonly timeZone: string;
  /** When the result was stored (else the row's last change). */
  readonly finishedAt: string;
  readonly lineage: ScheduleLineage;
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
    lineage: traceOf(row),
  };
}

/** The lineage fields an export names. */
function traceOf(row: ScheduleRow): ScheduleLineage {
  const { rootId: _root, change: _change, ...lineage } = lineageOf(row);
  return lineage;
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
    SCHEDULE_SUMMARY_COLUMNS,
    (q) => strategy ? q.where(sql.ref("strategy"), "=", strategy) : q,
  );
  return { items: rows.map((r) => readOr(r, toScheduleSummary, damagedScheduleSummary)), total };
}

/**
 * Stores the result of a running schedule (or its columns, encoded where it was made); false if
 * it is no longer running.
 */
export async function completeSchedule(
  db: Db,
  id: string,
  result: Schedule | ScheduleResultColumns,
): Promise<boolean> {
  const at = nowIso();
  const columns = "kpis_json" in result ? result : scheduleResultColumns(result);
  const r = await db.updateTable("schedules")
    .set({ ...columns, status: "completed", finished_at: at, updated_at: at })
    .where("id", "=", id).where("status", "=", "running").executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** A new version of a stored schedule, planned already: stored completed, linked to its parent. */
export interface ScheduleVersion extends QueuedSchedule {
  readonly parentId: string;
  readonly schedule: Schedule;
  /** What made it (a re-plan's report, a rush lot's place), stored as JSON. */
  readonly change: unknown;
}

/**
 * Stores `v` as the next version of its parent's lineage; null when the owner has no such
 * parent. Its version number is one more than the parent's.
 */
export async function insertScheduleVersion(
  db: Db,
  v: ScheduleVersion,
): Promise<{ version: number } | null> {
  const parent = await ownedRow(db, v.ownerId, v.parentId);
  if (!parent) return null;
  const f = await fingerprints(v.lots, v.config);
  const at = nowIso();
  const version = parent.version + 1;
  await db.insertInto("schedules").values({
    ...queuedColumns(v),
    strategy: v.strategy,
    template_id: v.templateId,
    config_sources_json: encode(v.sources),
    ...scheduleResultColumns(v.schedule),
    status: "completed",
    started_at: at,
    finished_at: at,
    parent_id: parent.id,
    root_id: parent.root_id ?? parent.id,
    version,
    input_hash: f.inputHash,
    config_hash: f.configHash,
    engine_version: f.engineVersion,
    change_json: encode(v.change),
  }).execute();
  return { version };
}

/** One schedule of a lineage: where it sits and how to trace it. */
export interface LineageEntry extends ScheduleLineage {
  readonly scheduleId: string;
  readonly name: string | null;
  readonly status: JobStatus;
  readonly strategy: string;
  readonly createdAt: string;
  /** "run" for a first version, else what made it. */
  readonly change: "run" | "replan" | "rush-lot";
  readonly makespanHours: number | null;
  readonly cleans: number | null;
}

/** Every version of the lineage the owner's schedule `id` belongs to, oldest first; null if none. */
export async function listLineage(
  db: Db,
  ownerId: string,
  id: string,
): Promise<LineageEntry[] | null> {
  const row = await ownedRow(db, ownerId, id);
  if (!row) return null;
  const root = row.root_id ?? row.id;
  const rows = await db.selectFrom("schedules").selectAll()
    .where("owner_id", "=", ownerId)
    .where((eb) => eb.or([eb("id", "=", root), eb("root_id", "=", root)]))
    .orderBy("version").orderBy("created_at").execute();
  return rows.map((r) => {
    const summary = readOr(r, toScheduleSummary, damagedScheduleSummary);
    return {
      scheduleId: r.id,
      parentId: r.parent_id,
      version: r.version,
      inputHash: r.input_hash ?? "",
      configHash: r.config_hash ?? "",
      engineVersion: r.engine_version ?? "unknown",
      name: r.name,
      status: r.status,
      strategy: r.strategy,
      createdAt: r.created_at,
      change: changeKindOf(r.change_json),
      makespanHours: summary.kpis?.makespanHours ?? null,
      cleans: summary.kpis?.cleans ?? null,
    };
  });
}

function changeKindOf(json: string | null): LineageEntry["change"] {
  if (!json) return "run";
  try {
    return (JSON.parse(json) as { kind?: string }).kind === "rush-lot" ? "rush-lot" : "replan";
  } catch {
    return "replan";
  }
}
