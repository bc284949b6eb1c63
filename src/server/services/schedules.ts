/** Schedule use cases: create (queued at once), read, list, cancel, delete, export. */
import { formatScheduleCsv } from "../../engine/formats/schedule_csv.ts";
import { formatScheduleJson } from "../../engine/formats/schedule_json.ts";
import {
  encode,
  nowIso,
  type ScheduleSummary,
  type ScheduleView,
  toEngineSchedule,
  toScheduleSummary,
  toScheduleView,
} from "../../db/codec.ts";
import type { JobStatus } from "../../db/schema.ts";
import {
  deleteScheduleRow,
  getScheduleRow,
  insertSchedule,
  type ListFilter,
  listScheduleRows,
} from "../../db/schedules.ts";
import { registry } from "../../engine/mod.ts";
import type { App } from "../app.ts";
import { badRequest, notFound } from "../errors.ts";
import {
  checkRun,
  type ConfigInput,
  effectiveConfig,
  type LotsInput,
  readLots,
} from "./run_input.ts";

/** A schedule request. */
export interface CreateScheduleInput extends LotsInput, ConfigInput {
  readonly name?: string | undefined;
}

/** Checks the request, stores it as queued, hands it to the job queue. */
export async function createSchedule(
  app: App,
  ownerId: string,
  input: CreateScheduleInput,
): Promise<{ id: string; status: "queued" }> {
  const { config, sources } = await effectiveConfig(app.db, ownerId, input);
  const lots = readLots(input, config, app.config);
  const request = checkRun(lots, config);
  const strategy = request.runs[0]!.strategy.name;
  const id = crypto.randomUUID();
  const at = nowIso();
  await insertSchedule(app.db, {
    id,
    owner_id: ownerId,
    name: input.name ?? null,
    status: "queued",
    strategy,
    template_id: input.templateId ?? null,
    lot_count: lots.length,
    lots_json: encode(
      lots.map(({ id, type, vials, line }) =>
        line !== undefined ? { id, type, vials, line } : { id, type, vials }
      ),
    ),
    config_json: encode(request.config),
    config_sources_json: encode(sources),
    start_at: new Date(request.startMs).toISOString(),
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
  });
  app.jobs.enqueue({ id, kind: "schedule", ownerId, strategy });
  return { id, status: "queued" };
}

/** The owner's schedule with its result; NOT_FOUND otherwise. */
export async function getSchedule(app: App, ownerId: string, id: string): Promise<ScheduleView> {
  const row = await getScheduleRow(app.db, ownerId, id);
  if (!row) notFound("schedule", id);
  return toScheduleView(row);
}

/** A page of the owner's schedules, newest first. */
export async function listSchedules(
  app: App,
  ownerId: string,
  f: ListFilter,
): Promise<{ items: ScheduleSummary[]; total: number; page: number; pageSize: number }> {
  // Filter by the canonical name, so aliases ("spt") find what was stored ("spt-pack").
  const strategy = f.strategy && registry.has(f.strategy)
    ? registry.resolve(f.strategy).name
    : f.strategy;
  const { rows, total } = await listScheduleRows(app.db, ownerId, { ...f, strategy });
  return { items: rows.map(toScheduleSummary), total, page: f.page, pageSize: f.pageSize };
}

/** Cancels a queued or running schedule; answers its status afterwards. */
export async function cancelSchedule(
  app: App,
  ownerId: string,
  id: string,
): Promise<{ id: string; status: JobStatus }> {
  if (!(await getScheduleRow(app.db, ownerId, id))) notFound("schedule", id);
  await app.jobs.cancel({ id, kind: "schedule", ownerId });
  const row = await getScheduleRow(app.db, ownerId, id);
  return { id, status: row?.status ?? "cancelled" };
}

/** Deletes a schedule (cancelling it first if it is unfinished). */
export async function deleteSchedule(
  app: App,
  ownerId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  const row = await getScheduleRow(app.db, ownerId, id);
  if (!row) notFound("schedule", id);
  if (row.status === "queued" || row.status === "running") {
    await app.jobs.cancel({ id, kind: "schedule", ownerId });
  }
  if (!(await deleteScheduleRow(app.db, ownerId, id))) notFound("schedule", id);
  app.events.forget(id);
  return { id, deleted: true };
}

/** The export files the CLI writes, for a completed schedule. */
export async function exportSchedule(
  app: App,
  ownerId: string,
  id: string,
  format: "csv" | "json",
): Promise<{ filename: string; contentType: string; content: string }> {
  const row = await getScheduleRow(app.db, ownerId, id);
  if (!row) notFound("schedule", id);
  const schedule = toEngineSchedule(row);
  if (!schedule) {
    badRequest(`schedule ${id} is ${row.status}; only completed schedules can be exported`, [{
      field: "id",
      message: `schedule ${id} is ${row.status}, not completed`,
    }]);
  }
  const timeZone = toScheduleView(row).config.timeZone;
  if (format === "csv") {
    return {
      filename: `schedule_${id}.csv`,
      contentType: "text/csv",
      content: formatScheduleCsv(schedule, { timeZone }),
    };
  }
  return {
    filename: `schedule_${id}.json`,
    contentType: "application/json",
    content: formatScheduleJson(schedule, {
      timeZone,
      generatedAt: Date.parse(row.finished_at ?? row.updated_at),
    }),
  };
}
