/** Schedule rows ↔ the API's views and the engine's Schedule (activities timed in the config's zone). */
import { z } from "zod";
import {
  type Activity,
  addHours,
  type Bound,
  type Downtime,
  downtimesOf,
  formatInstant,
  type Kpis,
  type Plan,
  type Schedule,
  type ScheduleLineage,
  type SchedulerConfig,
  type SolveStatus,
} from "../../engine/mod.ts";
import type { JobStatus, ScheduleRow } from "../schema.ts";
import {
  activitySchema,
  boundSchema,
  decode,
  decodeConfig,
  decodeLots,
  decodeOrNull,
  encode,
  kpisSchema,
  type KpiSummary,
  kpiSummarySchema,
  solveStatusOf,
  span,
  validationSchema,
} from "./values.ts";

/** An activity as the API returns it: hour offsets plus instants with the zone's offset. */
export interface ActivityView extends Activity {
  readonly start: string;
  readonly end: string;
}

/** A downtime as the API returns it: hour offsets plus instants with the zone's offset. */
export interface DowntimeView extends Downtime {
  readonly start: string;
  readonly end: string;
}

/** A schedule in lists: everything but its lots, activities and per-block figures. */
export interface ScheduleSummary {
  readonly id: string;
  readonly name: string | null;
  readonly status: JobStatus;
  readonly strategy: string;
  readonly templateId: string | null;
  readonly lotCount: number;
  /** Start instant of the schedule, ISO 8601 with the config zone's offset. */
  readonly startAt: string;
  readonly kpis: KpiSummary | null;
  readonly bound: Bound | null;
  readonly solveStatus: SolveStatus | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** 1 for a first version; its parent's + 1 for a re-plan or a rush lot. */
  readonly version: number;
  readonly parentId: string | null;
}

/** One schedule with its result. */
export interface ScheduleView extends ScheduleSummary {
  readonly kpis: Kpis | null;
  readonly config: SchedulerConfig;
  readonly configSources: Record<string, string>;
  readonly activities: ActivityView[] | null;
  /** The plan as blocks of lot IDs. */
  readonly plan: string[][] | null;
  readonly validation: Schedule["validation"] | null;
  /** The line's calendar over this schedule, hours from its start (empty without one). */
  readonly downtimes: DowntimeView[];
  readonly timings: { queuedMs: number | null; runMs: number | null; solverMs: number | null };
  /** How to trace it: its lineage and fingerprints, and what made it (null for a first run). */
  readonly lineage: ScheduleLineage & { readonly rootId: string; readonly change: unknown };
}

/** The columns a list item is read from (a list never reads lots, activities or the plan). */
export const SCHEDULE_SUMMARY_COLUMNS = [
  "id",
  "name",
  "status",
  "strategy",
  "template_id",
  "lot_count",
  "start_at",
  "config_json",
  "kpi_summary_json",
  "bound_json",
  "solve_status",
  "error",
  "created_at",
  "started_at",
  "finished_at",
  "version",
  "parent_id",
] as const satisfies readonly (keyof ScheduleRow)[];

/** What a list item is read from. */
export type ScheduleSummaryRow = Pick<ScheduleRow, typeof SCHEDULE_SUMMARY_COLUMNS[number]>;

/** The list item's plain columns, nothing decoded (results left empty). */
function plainSummary(row: ScheduleSummaryRow): ScheduleSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    strategy: row.strategy,
    templateId: row.template_id,
    lotCount: row.lot_count,
    startAt: row.start_at,
    kpis: null,
    bound: null,
    solveStatus: null,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    version: row.version,
    parentId: row.parent_id,
  };
}

/** The list item's fields but its KPIs, decoded (`tz` is the config's zone). */
function decodedSummary(row: ScheduleSummaryRow, tz: string): Omit<ScheduleSummary, "kpis"> {
  return {
    ...plainSummary(row),
    startAt: formatInstant(Date.parse(row.start_at), tz),
    bound: decodeOrNull("bound_json", row.bound_json, boundSchema),
    solveStatus: solveStatusOf(row.solve_status),
  };
}

/** Row → list item. */
export function toScheduleSummary(row: ScheduleSummaryRow): ScheduleSummary {
  return {
    ...decodedSummary(row, decodeConfig(row.config_json).timeZone),
    kpis: decodeOrNull("kpi_summary_json", row.kpi_summary_json, kpiSummarySchema),
  };
}

/** A list item for a row that cannot be decoded: what the plain columns say, and why. */
export function damagedScheduleSummary(row: ScheduleSummaryRow, why: string): ScheduleSummary {
  return { ...plainSummary(row), error: why };
}

/** What a full view is read from: every column but the lots (a view never shows them). */
export type ScheduleViewRow = Omit<ScheduleRow, "lots_json">;

/** The columns of a `ScheduleViewRow`. */
export const SCHEDULE_VIEW_COLUMNS = [
  ...SCHEDULE_SUMMARY_COLUMNS,
  "kpis_json",
  "owner_id",
  "config_sources_json",
  "activities_json",
  "plan_json",
  "validation_json",
  "elapsed_ms",
  "attempts",
  "updated_at",
  "root_id",
  "input_hash",
  "config_hash",
  "engine_version",
  "change_json",
] as const satisfies readonly (keyof ScheduleViewRow)[];

/** What a finished schedule adds to its view (all null until it completed). */
export type ScheduleResultView = Pick<ScheduleView, "kpis" | "activities" | "plan" | "validation">;

/** The columns a view's result part is read from. */
const RESULT_VIEW_COLUMNS = [
  "kpis_json",
  "activities_json",
  "plan_json",
  "validation_json",
] as const satisfies readonly (keyof ScheduleRow)[];

/** What a view's result part is read from. */
export type ScheduleResultViewRow = Pick<ScheduleRow, typeof RESULT_VIEW_COLUMNS[number]>;

/** The result columns → the view's result part, activities timed from `startMs` in `timeZone`. */
export function toResultView(
  row: ScheduleResultViewRow,
  startMs: number,
  timeZone: string,
): ScheduleResultView {
  const at = (h: number) => formatInstant(addHours(startMs, h), timeZone);
  const activities = decodeOrNull("activities_json", row.activities_json, z.array(activitySchema));
  return {
    kpis: decodeOrNull("kpis_json", row.kpis_json, kpisSchema),
    activities: activities?.map((a) => ({ ...a, start: at(a.startH), end: at(a.endH) })) ?? null,
    plan: decodeOrNull("plan_json", row.plan_json, z.array(z.array(z.string()))),
    validation: decodeOrNull("validation_json", row.validation_json, validationSchema),
  };
}

/** Row → full view (activities timed in the config's zone). */
export function toScheduleView(row: ScheduleViewRow): ScheduleView {
  const config = decodeConfig(row.config_json);
  const startMs = Date.parse(row.start_at);
  const at = (h: number) => formatInstant(addHours(startMs, h), config.timeZone);
  const result = toResultView(row, startMs, config.timeZone);
  return {
    ...decodedSummary(row, config.timeZone),
    kpis: result.kpis,
    config,
    configSources: decode(
      "config_sources_json",
      row.config_sources_json,
      z.record(z.string(), z.string()),
    ),
    activities: result.activities,
    plan: result.plan,
    validation: result.validation,
    downtimes: downtimesOf(config.calendar, config.timeZone, startMs).map((d) => ({
      ...d,
      start: at(d.startH),
      end: at(d.endH),
    })),
    timings: {
      queuedMs: span(row.created_at, row.started_at),
      runMs: span(row.started_at, row.finished_at),
      solverMs: row.elapsed_ms,
    },
    lineage: lineageOf(row),
  };
}

/** A view's row without its result columns (what is read when the result part is at hand). */
export type ScheduleViewHeadRow = Omit<ScheduleViewRow, keyof ScheduleResultViewRow>;

/** The columns of a `ScheduleViewHeadRow`. */
export const SCHEDULE_VIEW_HEAD_COLUMNS = SCHEDULE_VIEW_COLUMNS.filter((
  c,
): c is Exclude<typeof c, keyof ScheduleResultViewRow> =>
  !(RESULT_VIEW_COLUMNS as readonly string[]).includes(c)
);

/**
 * A view's JSON from its row's other columns and its result part's JSON (`JSON.stringify` of a
 * `toResultView`, made where the schedule was solved): equal to the view's, without decoding the
 * result again.
 */
export function scheduleViewJson(head: ScheduleViewHeadRow, resultJson: string): string {
  const none = Object.fromEntries(RESULT_VIEW_COLUMNS.map((c) => [c, null]));
  const { kpis: _k, activities: _a, plan: _p, validation: _v, ...rest } = toScheduleView({
    ...head,
    ...none as ScheduleResultViewRow,
  });
  return `${JSON.stringify(rest).slice(0, -1)},${resultJson.slice(1)}`;
}

/** The row's lineage and fingerprints (unknown ones as empty text). */
export function lineageOf(
  row: ScheduleViewRow,
): ScheduleLineage & { readonly rootId: string; readonly change: unknown } {
  return {
    version: row.version,
    scheduleId: row.id,
    parentId: row.parent_id,
    rootId: row.root_id ?? row.id,
    inputHash: row.input_hash ?? "",
    configHash: row.config_hash ?? "",
    engineVersion: row.engine_version ?? "unknown",
    change: row.change_json === null ? null : decode("change_json", row.change_json, z.unknown()),
  };
}

/** The columns that store a finished schedule. */
export type ScheduleResultColumns = Pick<
  ScheduleRow,
  | "kpis_json"
  | "kpi_summary_json"
  | "bound_json"
  | "activities_json"
  | "plan_json"
  | "solve_status"
  | "validation_json"
  | "elapsed_ms"
>;

/** The KPIs as lists show them: without the per-block figures. */
function kpiSummaryOf(kpis: Kpis): KpiSummary {
  const { blocks: _blocks, ...summary } = kpis;
  return summary;
}

/** A finished schedule as the columns that store it. */
export function scheduleResultColumns(s: Schedule): ScheduleResultColumns {
  return {
    kpis_json: encode(s.kpis),
    kpi_summary_json: encode(kpiSummaryOf(s.kpis)),
    bound_json: encode(s.bound),
    activities_json: encode(s.activities),
    plan_json: encode(s.plan.map((b) => b.map((l) => l.id))),
    solve_status: s.status,
    validation_json: encode(s.validation),
    elapsed_ms: s.elapsedMs,
  };
}

/** Rebuilds the engine Schedule of a completed row (for exports); null if not completed. */
export function toEngineSchedule(row: ScheduleRow): Schedule | null {
  if (row.status !== "completed") return null;
  const view = toScheduleView(row);
  const { kpis, bound, activities } = view;
  if (!kpis || !bound || !activities || !view.plan) return null;
  const byId = new Map(decodeLots(row.lots_json).map((l) => [l.id, l]));
  const plan: Plan = view.plan.map((b) =>
    b.map((id) => {
      const lot = byId.get(id);
      if (!lot) {
        throw new Error(`corrupt plan_json column: lot ${JSON.stringify(id)} is not stored`);
      }
      return lot;
    })
  );
  const { fillRateVph, cleanHours, windowHours, chgSameHours, chgDiffHours } = view.config;
  return {
    strategy: row.strategy,
    startMs: Date.parse(row.start_at),
    config: { fillRateVph, cleanHours, windowHours, chgSameHours, chgDiffHours },
    plan,
    activities: activities.map(({ start: _s, end: _e, ...a }) => a),
    kpis,
    bound,
    status: view.solveStatus ?? "heuristic",
    validation: view.validation ?? { errors: [], warnings: [] },
    elapsedMs: row.elapsed_ms ?? 0,
    ...(view.downtimes.length
      ? { calendar: view.downtimes.map(({ start: _s, end: _e, ...d }) => d) }
      : {}),
    ...(view.config.objective !== "makespan" ? { objective: view.config.objective } : {}),
  };
}
