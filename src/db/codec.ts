/** Rows ↔ domain values, in one place. JSON columns are parsed with zod; instants are UTC ISO text. */
import { z } from "zod";
import {
  type Activity,
  addHours,
  type Bound,
  boundOf,
  DEFAULT_CONFIG,
  formatInstant,
  type Issue,
  type Kpis,
  type Lot,
  type Plan,
  type Schedule,
  type SchedulerConfig,
  type SolveStatus,
} from "../engine/mod.ts";
import type {
  ComparisonRow,
  ComparisonRunRow,
  JobStatus,
  ScheduleRow,
  TemplateRow,
} from "./schema.ts";

const num = z.number();
const issueSchema = z.object({
  message: z.string(),
  line: z.number().optional(),
  field: z.string().optional(),
  lotId: z.string().optional(),
});
const lotSchema = z.object({
  id: z.string(),
  type: z.string(),
  vials: num,
  line: z.number().optional(),
});
const blockSchema = z.object({
  index: num,
  lotIds: z.array(z.string()),
  types: num,
  fillHours: num,
  changeoverHours: num,
  usedHours: num,
  windowUse: num,
});
const kpisSchema = z.object({
  makespanHours: num,
  cleanHours: num,
  changeoverHours: num,
  fillHours: num,
  lots: num,
  cleans: num,
  utilization: num,
  blocks: z.array(blockSchema),
});
const boundSchema = z.object({
  lowerBoundHours: num,
  method: z.string(),
  gapPct: num,
  provenOptimal: z.boolean(),
});
const activitySchema = z.object({
  kind: z.enum(["CLEAN", "CHANGEOVER", "FILL"]),
  startH: num,
  endH: num,
  hours: num,
  lotId: z.string().nullable(),
  lotType: z.string().nullable(),
  note: z.string(),
  block: num,
});
const configSchema = z.object({
  fillRateVph: num,
  cleanHours: num,
  windowHours: num,
  chgSameHours: num,
  chgDiffHours: num,
  timeZone: z.string(),
  startTime: z.string().nullable(),
  strategy: z.string(),
  strategyOptions: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const validationSchema = z.object({
  errors: z.array(issueSchema),
  warnings: z.array(issueSchema),
});

/** Parses a JSON column with its schema; a broken column is a bug, so it throws naming the column. */
function decode<T>(column: string, text: string, schema: z.ZodType<T>): T {
  const r = schema.safeParse(JSON.parse(text));
  if (!r.success) throw new Error(`corrupt ${column} column: ${r.error.issues[0]?.message}`);
  return r.data;
}

function decodeOrNull<T>(column: string, text: string | null, schema: z.ZodType<T>): T | null {
  return text === null ? null : decode(column, text, schema);
}

/** JSON text of a value for a JSON column. */
export function encode(value: unknown): string {
  return JSON.stringify(value);
}

/** Current instant as stored: UTC ISO 8601 with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Milliseconds between two stored instants, or null. */
function span(from: string | null, to: string | null): number | null {
  return from && to ? Date.parse(to) - Date.parse(from) : null;
}

/** The stored lots. */
export function decodeLots(text: string): Lot[] {
  return decode("lots_json", text, z.array(lotSchema)) as Lot[];
}

/** The stored effective config. */
export function decodeConfig(text: string): SchedulerConfig {
  return { ...DEFAULT_CONFIG, ...decode("config_json", text, configSchema) };
}

/** An activity as the API returns it: hour offsets plus instants with the zone's offset. */
export interface ActivityView extends Activity {
  readonly start: string;
  readonly end: string;
}

/** A schedule in lists: everything but its lots and activities. */
export interface ScheduleSummary {
  readonly id: string;
  readonly name: string | null;
  readonly status: JobStatus;
  readonly strategy: string;
  readonly templateId: string | null;
  readonly lotCount: number;
  /** Start instant of the schedule, ISO 8601 with the config zone's offset. */
  readonly startAt: string;
  readonly kpis: Kpis | null;
  readonly bound: Bound | null;
  readonly solveStatus: SolveStatus | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** One schedule with its result. */
export interface ScheduleView extends ScheduleSummary {
  readonly config: SchedulerConfig;
  readonly configSources: Record<string, string>;
  readonly activities: ActivityView[] | null;
  /** The plan as blocks of lot IDs. */
  readonly plan: string[][] | null;
  readonly validation: { errors: Issue[]; warnings: Issue[] } | null;
  readonly timings: { queuedMs: number | null; runMs: number | null; solverMs: number | null };
}

/** Row → list item. */
export function toScheduleSummary(row: ScheduleRow): ScheduleSummary {
  const tz = decodeConfig(row.config_json).timeZone;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    strategy: row.strategy,
    templateId: row.template_id,
    lotCount: row.lot_count,
    startAt: formatInstant(Date.parse(row.start_at), tz),
    kpis: decodeOrNull("kpis_json", row.kpis_json, kpisSchema),
    bound: decodeOrNull("bound_json", row.bound_json, boundSchema),
    solveStatus: row.solve_status as SolveStatus | null,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Row → full view (activities timed in the config's zone). */
export function toScheduleView(row: ScheduleRow): ScheduleView {
  const config = decodeConfig(row.config_json);
  const startMs = Date.parse(row.start_at);
  const at = (h: number) => formatInstant(addHours(startMs, h), config.timeZone);
  const activities = decodeOrNull("activities_json", row.activities_json, z.array(activitySchema));
  return {
    ...toScheduleSummary(row),
    config,
    configSources: decode(
      "config_sources_json",
      row.config_sources_json,
      z.record(z.string(), z.string()),
    ),
    activities: activities?.map((a) => ({ ...a, start: at(a.startH), end: at(a.endH) })) ?? null,
    plan: decodeOrNull("plan_json", row.plan_json, z.array(z.array(z.string()))),
    validation: decodeOrNull("validation_json", row.validation_json, validationSchema),
    timings: {
      queuedMs: span(row.created_at, row.started_at),
      runMs: span(row.started_at, row.finished_at),
      solverMs: row.elapsed_ms,
    },
  };
}

/** The columns that store a finished schedule. */
export function scheduleResultColumns(s: Schedule): Pick<
  ScheduleRow,
  | "kpis_json"
  | "bound_json"
  | "activities_json"
  | "plan_json"
  | "solve_status"
  | "validation_json"
  | "elapsed_ms"
> {
  return {
    kpis_json: encode(s.kpis),
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
  if (row.status !== "completed" || !row.kpis_json || !row.activities_json || !row.plan_json) {
    return null;
  }
  const view = toScheduleView(row);
  const byId = new Map(decodeLots(row.lots_json).map((l) => [l.id, l]));
  const plan: Plan = (view.plan ?? []).map((b) => b.map((id) => byId.get(id)!));
  const { fillRateVph, cleanHours, windowHours, chgSameHours, chgDiffHours } = view.config;
  return {
    strategy: row.strategy,
    startMs: Date.parse(row.start_at),
    config: { fillRateVph, cleanHours, windowHours, chgSameHours, chgDiffHours },
    plan,
    activities: (view.activities ?? []).map(({ start: _s, end: _e, ...a }) => a),
    kpis: view.kpis!,
    bound: view.bound!,
    status: view.solveStatus ?? "heuristic",
    validation: view.validation ?? { errors: [], warnings: [] },
    elapsedMs: row.elapsed_ms ?? 0,
  };
}

/** A config template as the API returns it. */
export interface TemplateView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly config: Record<string, unknown>;
  readonly isDefault: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Row → template. */
export function toTemplateView(row: TemplateRow, defaultId: string | null): TemplateView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    config: decode("config_json", row.config_json, z.record(z.string(), z.unknown())),
    isDefault: row.id === defaultId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Differences of a run against the given order (negative = better). */
export interface DeltaView {
  readonly makespanHours: number;
  readonly cleans: number;
  readonly changeoverHours: number;
}

/** One strategy's run within a comparison. */
export interface ComparisonRunView {
  readonly strategy: string;
  readonly status: "completed" | "failed";
  readonly kpis: Kpis | null;
  /** The run's own bound. */
  readonly bound: Bound | null;
  readonly solveStatus: SolveStatus | null;
  readonly elapsedMs: number | null;
  readonly error: string | null;
  readonly delta: DeltaView | null;
  /** Gap to the best bound of the comparison, percent. */
  readonly gapPct: number | null;
  readonly provenOptimal: boolean;
}

/** A comparison in lists. */
export interface ComparisonSummary {
  readonly id: string;
  readonly name: string | null;
  readonly status: JobStatus;
  readonly strategies: string[];
  readonly lotCount: number;
  readonly startAt: string;
  readonly best: string | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** A comparison with its runs. */
export interface ComparisonView extends ComparisonSummary {
  readonly config: SchedulerConfig;
  readonly baseline: string;
  readonly runs: ComparisonRunView[];
  /** The best lower bound any run proved. */
  readonly lowerBoundHours: number | null;
  readonly boundMethod: string | null;
}

/** Row → list item. */
export function toComparisonSummary(row: ComparisonRow): ComparisonSummary {
  const tz = decodeConfig(row.config_json).timeZone;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    strategies: decode("strategies_json", row.strategies_json, z.array(z.string())),
    lotCount: row.lot_count,
    startAt: formatInstant(Date.parse(row.start_at), tz),
    best: row.best,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Row + runs → view; deltas against `baseline` and gaps against the best bound are derived here. */
export function toComparisonView(
  row: ComparisonRow,
  runRows: readonly ComparisonRunRow[],
  baseline: string,
): ComparisonView {
  const runs = [...runRows].sort((a, b) => a.position - b.position).map((r) => ({
    strategy: r.strategy,
    status: r.status,
    kpis: decodeOrNull("kpis_json", r.kpis_json, kpisSchema),
    bound: decodeOrNull("bound_json", r.bound_json, boundSchema),
    solveStatus: r.solve_status as SolveStatus | null,
    elapsedMs: r.elapsed_ms,
    error: r.error,
  }));
  let best: Bound | null = null;
  for (const r of runs) {
    if (r.bound && (!best || r.bound.lowerBoundHours > best.lowerBoundHours)) best = r.bound;
  }
  const base = runs.find((r) => r.strategy === baseline)?.kpis ?? null;
  return {
    ...toComparisonSummary(row),
    config: decodeConfig(row.config_json),
    baseline,
    lowerBoundHours: best?.lowerBoundHours ?? null,
    boundMethod: best?.method ?? null,
    runs: runs.map((r) => {
      const k = r.kpis;
      const b = k && best ? boundOf(k.makespanHours, best.lowerBoundHours, best.method) : null;
      return {
        ...r,
        delta: k && base
          ? {
            makespanHours: k.makespanHours - base.makespanHours,
            cleans: k.cleans - base.cleans,
            changeoverHours: k.changeoverHours - base.changeoverHours,
          }
          : null,
        gapPct: b ? b.gapPct : null,
        provenOptimal: b?.provenOptimal ?? false,
      };
    }),
  };
}
