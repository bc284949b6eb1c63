/** Data types of the engine: plain data, no behaviour. */
import type { IssueCode } from "./issue_codes.ts";

/** One lot of vials to fill. `line` is its 1-based line in the source CSV, when known. */
export interface Lot {
  readonly id: string;
  readonly type: string;
  readonly vials: number;
  readonly line?: number;
  /** When the lot should be filled by, epoch milliseconds; a later completion is late. */
  readonly dueMs?: number;
  /** Weight of the lot's tardiness (> 0; 1 when not given). */
  readonly priority?: number;
}

/**
 * A stretch when the line cannot run (maintenance, holiday), in exact hours from the schedule
 * start like activities. No activity may overlap one; the line restarts after it with a CLEAN.
 */
export interface Downtime {
  readonly startH: number;
  readonly endH: number;
  readonly reason: string;
}

/** What a run optimizes: the makespan alone, then weighted tardiness, or tardiness within a tolerance. */
export type Objective = "makespan" | "makespan-then-tardiness" | "tardiness";

/** One lot's completion against its due date, hours from the schedule start. */
export interface LotDue {
  readonly lotId: string;
  readonly dueH: number;
  readonly completionH: number;
  /** completion − due: negative when early. */
  readonly latenessH: number;
  /** max(0, lateness). */
  readonly tardinessH: number;
  readonly priority: number;
}

/** Due-date KPIs over the lots that have a due date. */
export interface DueKpis {
  readonly lotsWithDue: number;
  readonly onTime: number;
  readonly late: number;
  readonly tardinessHours: number;
  /** Σ priority × tardiness. */
  readonly weightedTardinessHours: number;
  readonly maxLatenessHours: number;
  readonly lots: readonly LotDue[];
}

/** The physical constants of the filling line (hours and vials per hour). */
export interface LineConfig {
  readonly fillRateVph: number;
  readonly cleanHours: number;
  readonly windowHours: number;
  readonly chgSameHours: number;
  readonly chgDiffHours: number;
}

export type ActivityKind = "CLEAN" | "CHANGEOVER" | "FILL";

/**
 * One timed activity. `startH`/`endH` are exact hour offsets from the schedule start;
 * instants (ISO 8601) are derived only at export time, so no rounding enters computation.
 */
export interface Activity {
  readonly kind: ActivityKind;
  readonly startH: number;
  readonly endH: number;
  readonly hours: number;
  readonly lotId: string | null;
  readonly lotType: string | null;
  readonly note: string;
  /** 0-based index of the block this activity belongs to (a CLEAN opens its block). */
  readonly block: number;
}

/** A block: the stretch of work between two CLEANs. */
export interface BlockSummary {
  readonly index: number;
  readonly lotIds: readonly string[];
  readonly types: number;
  readonly fillHours: number;
  readonly changeoverHours: number;
  /** fill + changeover hours of the block. */
  readonly usedHours: number;
  /** usedHours / windowHours, in [0, 1]. */
  readonly windowUse: number;
}

/** Key performance indicators of one schedule. */
export interface Kpis {
  readonly makespanHours: number;
  readonly cleanHours: number;
  readonly changeoverHours: number;
  readonly fillHours: number;
  readonly lots: number;
  readonly cleans: number;
  /** fill / makespan, in [0, 1]. */
  readonly utilization: number;
  readonly blocks: readonly BlockSummary[];
  /** Hours the line stands between blocks: downtime and the wait around it. */
  readonly idleHours: number;
  /** Lateness against due dates, when any lot has one. */
  readonly due?: DueKpis;
}

/** A makespan held against a lower bound. */
export interface GapVerdict {
  readonly lowerBoundHours: number;
  readonly method: string;
  /** (makespan − bound) / bound × 100. */
  readonly gapPct: number;
  readonly provenOptimal: boolean;
}

/** How good a schedule is proven to be, and what proving it cost. */
export interface Bound extends GapVerdict {
  /** Wall time of the run's lower-bound step (after the strategy), ms. */
  readonly elapsedMs: number;
  /** Whether its time budget ended the bound before it was done (a better one may exist). */
  readonly stoppedByBudget: boolean;
  /** For a tardiness objective: a lower bound on the weighted tardiness, hours. */
  readonly tardiness?: TardinessBound;
}

/** A lower bound on Σ priority × tardiness that every schedule of the lots meets. */
export interface TardinessBound {
  readonly lowerBoundHours: number;
  readonly method: string;
}

/**
 * Solver outcome for strategies that search (heuristics always report `heuristic`); `stopped`:
 * the user ended the search early and its best plan was kept.
 */
export type SolveStatus =
  | "heuristic"
  | "optimal"
  | "feasible"
  | "time_limit"
  | "stopped"
  | "infeasible";

/** One problem found by a validator: where it is and what is wrong. */
export interface Issue {
  /** Stable code of an input problem (issue_codes.ts): wording may change, the code does not. */
  readonly code?: IssueCode;
  readonly message: string;
  readonly line?: number;
  readonly field?: string;
  readonly lotId?: string;
}

/** A plan: the ordered blocks, each an ordered list of lots. The only decision a strategy makes. */
export type Plan = readonly (readonly Lot[])[];

/** A complete, validated schedule. */
export interface Schedule {
  readonly strategy: string;
  /** Start instant, epoch milliseconds (UTC). */
  readonly startMs: number;
  readonly config: LineConfig;
  readonly plan: Plan;
  readonly activities: readonly Activity[];
  readonly kpis: Kpis;
  readonly bound: Bound;
  readonly status: SolveStatus;
  readonly validation: { readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };
  /** Wall time the strategy took, milliseconds. */
  readonly elapsedMs: number;
  /** The line's unavailable intervals the schedule respects (none when absent). */
  readonly calendar?: readonly Downtime[];
  /** What the run optimized (makespan when absent). */
  readonly objective?: Objective;
}

/** Differences of a run against the given order (negative = better). */
export interface CompareDelta {
  readonly makespanHours: number;
  readonly cleans: number;
  readonly changeoverHours: number;
}

/** One run: its schedule, or why it failed. */
export interface CompareRun {
  readonly strategy: string;
  readonly schedule: Schedule | null;
  readonly error: string | null;
  readonly errorIssues: readonly Issue[];
  readonly delta: CompareDelta | null;
  /** Gap to the best lower bound of the whole comparison, percent. */
  readonly gapPct: number | null;
  readonly provenOptimal: boolean;
}

/** A comparison: every run on the same lots and start, the best, and the best bound. */
export interface CompareResult {
  readonly startMs: number;
  readonly baseline: string;
  readonly runs: readonly CompareRun[];
  /** Canonical name of the best run (smallest makespan; ties: fewer cleans, then name). */
  readonly best: string | null;
  /** The best lower bound any run proved (every run's bound is valid for all). */
  readonly lowerBoundHours: number;
  readonly boundMethod: string;
}
