/** Comparison rows and their runs ↔ the API's views (deltas and gaps derived here). */
import { z } from "zod";
import {
  type Bound,
  boundOf,
  type CompareDelta,
  formatInstant,
  type Kpis,
  type SchedulerConfig,
  type SolveStatus,
} from "../../engine/mod.ts";
import type { ComparisonRow, ComparisonRunRow, JobStatus } from "../schema.ts";
import {
  boundSchema,
  decode,
  decodeConfig,
  decodeOrNull,
  kpisSchema,
  solveStatusOf,
} from "./values.ts";

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
  readonly delta: CompareDelta | null;
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

/** The stored strategy names of a comparison, in run order. */
export function decodeStrategies(text: string): string[] {
  return decode("strategies_json", text, z.array(z.string()));
}

/** The columns a list item is read from (a list never reads the lots). */
export const COMPARISON_SUMMARY_COLUMNS = [
  "id",
  "name",
  "status",
  "strategies_json",
  "lot_count",
  "config_json",
  "start_at",
  "best",
  "error",
  "created_at",
  "started_at",
  "finished_at",
] as const satisfies readonly (keyof ComparisonRow)[];

/** What a list item is read from. */
export type ComparisonSummaryRow = Pick<ComparisonRow, typeof COMPARISON_SUMMARY_COLUMNS[number]>;

/** Row → list item. */
export function toComparisonSummary(row: ComparisonSummaryRow): ComparisonSummary {
  const tz = decodeConfig(row.config_json).timeZone;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    strategies: decodeStrategies(row.strategies_json),
    lotCount: row.lot_count,
    startAt: formatInstant(Date.parse(row.start_at), tz),
    best: row.best,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A list item for a row that cannot be decoded: what the plain columns say, and why. */
export function damagedComparisonSummary(
  row: ComparisonSummaryRow,
  why: string,
): ComparisonSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    strategies: [],
    lotCount: row.lot_count,
    startAt: row.start_at,
    best: row.best,
    error: why,
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
    solveStatus: solveStatusOf(r.solve_status),
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
