/**
 * The engine's values as JSON columns hold them: one zod schema per engine type, tied to that
 * type by `shapeOf` so that a field added to or removed from the engine fails the type check
 * here instead of being dropped silently when a row is read back.
 */
import { z } from "zod";
import {
  type Activity,
  type BlockSummary,
  type Bound,
  type CalendarEntry,
  DEFAULT_CONFIG,
  type DueKpis,
  type Issue,
  ISSUE_CODE_NAMES,
  type Kpis,
  type Lot,
  type LotDue,
  OBJECTIVES,
  type Schedule,
  type SchedulerConfig,
  type SolveStatus,
  type TardinessBound,
} from "../../engine/mod.ts";

/** T with every array and property read-only, all the way down. */
type Frozen<T> = T extends readonly (infer U)[] ? readonly Frozen<U>[]
  : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> }
  : T;

/** True when A and B have the same keys and, frozen, each is assignable to the other. */
type Same<A, B> = [Frozen<A>] extends [Frozen<B>]
  ? [Frozen<B>] extends [Frozen<A>]
    ? [keyof A] extends [keyof B] ? [keyof B] extends [keyof A] ? true
      : false
    : false
  : false
  : false;

/** The schema of engine type `T`; compiles only when the schema's output has T's exact shape. */
export function shapeOf<T>() {
  return <S extends z.ZodType>(
    schema: S & (Same<z.output<S>, T> extends true ? unknown : { shapeDiffersFrom: T }),
  ): z.ZodType<T> => schema as unknown as z.ZodType<T>;
}

const num = z.number();

export const issueSchema = shapeOf<Issue>()(z.object({
  code: z.enum(ISSUE_CODE_NAMES).optional(),
  message: z.string(),
  line: num.optional(),
  field: z.string().optional(),
  lotId: z.string().optional(),
}));

export const lotSchema = shapeOf<Lot>()(z.object({
  id: z.string(),
  type: z.string(),
  vials: num,
  line: num.optional(),
  dueMs: num.optional(),
  priority: num.optional(),
}));

const blockSchema = shapeOf<BlockSummary>()(z.object({
  index: num,
  lotIds: z.array(z.string()),
  types: num,
  fillHours: num,
  changeoverHours: num,
  usedHours: num,
  windowUse: num,
}));

const dueKpisSchema = shapeOf<DueKpis>()(z.object({
  lotsWithDue: num,
  onTime: num,
  late: num,
  tardinessHours: num,
  weightedTardinessHours: num,
  maxLatenessHours: num,
  lots: z.array(
    shapeOf<LotDue>()(z.object({
      lotId: z.string(),
      dueH: num,
      completionH: num,
      latenessH: num,
      tardinessH: num,
      priority: num,
    })),
  ),
}));

/** KPIs without the per-block figures, as lists and live events carry them (blocks are large). */
export type KpiSummary = Omit<Kpis, "blocks">;

const kpiSummaryObject = z.object({
  makespanHours: num,
  cleanHours: num,
  changeoverHours: num,
  fillHours: num,
  lots: num,
  cleans: num,
  utilization: num,
  // Results stored before idle time was measured had none: every activity followed the last.
  idleHours: num.default(0),
  due: dueKpisSchema.optional(),
});

/** Reads stored KPIs without their blocks (neither checked nor kept: a list needs no blocks). */
export const kpiSummarySchema = shapeOf<KpiSummary>()(kpiSummaryObject);

export const kpisSchema = shapeOf<Kpis>()(
  kpiSummaryObject.extend({ blocks: z.array(blockSchema) }),
);

export const boundSchema = shapeOf<Bound>()(z.object({
  lowerBoundHours: num,
  method: z.string(),
  gapPct: num,
  provenOptimal: z.boolean(),
  // Results stored before the bound's time was recorded read as 0 ms, not stopped.
  elapsedMs: num.default(0),
  stoppedByBudget: z.boolean().default(false),
  tardiness: shapeOf<TardinessBound>()(z.object({ lowerBoundHours: num, method: z.string() }))
    .optional(),
}));

export const activitySchema = shapeOf<Activity>()(z.object({
  kind: z.enum(["CLEAN", "CHANGEOVER", "FILL"]),
  startH: num,
  endH: num,
  hours: num,
  lotId: z.string().nullable(),
  lotType: z.string().nullable(),
  note: z.string(),
  block: num,
}));

export const configSchema = shapeOf<SchedulerConfig>()(z.object({
  fillRateVph: num,
  cleanHours: num,
  windowHours: num,
  chgSameHours: num,
  chgDiffHours: num,
  timeZone: z.string(),
  startTime: z.string().nullable(),
  strategy: z.string(),
  strategyOptions: z.record(z.string(), z.record(z.string(), z.unknown())),
  // Configs stored before calendars and objectives had neither.
  calendar: z.array(
    shapeOf<CalendarEntry>()(z.object({
      start: z.string(),
      end: z.string(),
      reason: z.string().optional(),
    })),
  ).default([]),
  objective: z.enum(OBJECTIVES).default("makespan"),
  makespanTolerancePct: num.default(DEFAULT_CONFIG.makespanTolerancePct),
}));

export const validationSchema = shapeOf<Schedule["validation"]>()(z.object({
  errors: z.array(issueSchema),
  warnings: z.array(issueSchema),
}));

export const solveStatusSchema = shapeOf<SolveStatus>()(
  z.enum(["heuristic", "optimal", "feasible", "time_limit", "stopped", "infeasible"]),
);

/** The stored lots. */
export function decodeLots(text: string): Lot[] {
  return decode("lots_json", text, z.array(lotSchema));
}

/** The stored effective config. */
export function decodeConfig(text: string): SchedulerConfig {
  return { ...DEFAULT_CONFIG, ...decode("config_json", text, configSchema) };
}

/** A solve status column. */
export function solveStatusOf(text: string | null): SolveStatus | null {
  return text === null ? null : solveStatusSchema.parse(text);
}

/** Parses a JSON column with its schema; a broken column is a bug, so it throws naming the column. */
export function decode<T>(column: string, text: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CorruptRecordError(column, "not JSON");
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new CorruptRecordError(column, r.error.issues[0]?.message ?? "invalid");
  return r.data;
}

/** A stored column that cannot be read back: that one record fails, never a whole list. */
export class CorruptRecordError extends Error {
  readonly column: string;
  constructor(column: string, why: string) {
    super(`corrupt ${column} column: ${why}`);
    this.name = "CorruptRecordError";
    this.column = column;
  }
}

/** `read(row)`, or `damaged(row, message)` when a column of the row cannot be decoded. */
export function readOr<R, T>(row: R, read: (row: R) => T, damaged: (row: R, why: string) => T): T {
  try {
    return read(row);
  } catch (e) {
    if (!(e instanceof CorruptRecordError)) throw e;
    return damaged(row, `this record is damaged and cannot be read (${e.column})`);
  }
}

/** `decode` for a nullable column. */
export function decodeOrNull<T>(
  column: string,
  text: string | null,
  schema: z.ZodType<T>,
): T | null {
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
export function span(from: string | null, to: string | null): number | null {
  const ms = from && to ? Date.parse(to) - Date.parse(from) : NaN;
  // An unreadable instant gives no span (null), never NaN.
  return Number.isFinite(ms) ? ms : null;
}
