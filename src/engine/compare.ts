/** Runs the given order and several strategies on the same lots; deltas, gaps and the best run. */
import type { CompareResult, CompareRun, Issue, Lot, Schedule } from "./model.ts";
import type { SchedulerConfig } from "./config.ts";
import { CancelledError, InputError } from "./errors.ts";
import type { ProgressUpdate } from "./progress.ts";
import type { Registry } from "./registry.ts";
import { registry as defaultRegistry } from "./strategies/mod.ts";
import { canonicalRequest } from "./run_request.ts";
import { type RunOptions, runSchedule } from "./run_schedule.ts";
import { boundOf } from "./gap.ts";

/** The reference every delta is measured against. */
export const BASELINE_STRATEGY = "given-order";

/** A progress update of one run inside a comparison. */
export interface CompareProgress extends ProgressUpdate {
  /** Canonical name of the strategy this update is about. */
  readonly strategy: string;
  /** 0-based index of the run and the number of runs. */
  readonly run: number;
  readonly runs: number;
  /** 0–100 of the whole comparison. */
  readonly overallPercent: number;
}

/** A run's options (start, sequence, signal, bound budget, registry, clock) for every run. */
export interface CompareOptions extends Omit<RunOptions, "strategy" | "onProgress"> {
  /** Names or aliases to run besides the given order; "all" = every registered strategy. */
  readonly strategies: readonly string[] | "all";
  readonly onProgress?: (update: CompareProgress) => void;
}

/** The names a comparison runs: the given order first, then `names` ("all" = every strategy). */
export function comparedNames(
  names: readonly string[] | "all",
  reg: Registry = defaultRegistry,
): string[] {
  return [BASELINE_STRATEGY, ...(names === "all" ? reg.list().map((s) => s.name) : names)];
}

const TIE_EPS = 1e-9;

/** Orders two runs: smaller makespan, then fewer cleans, then name. */
export function compareRuns(a: CompareRun, b: CompareRun): number {
  const ka = a.schedule?.kpis, kb = b.schedule?.kpis;
  if (!ka || !kb) return ka ? -1 : kb ? 1 : a.strategy.localeCompare(b.strategy);
  if (Math.abs(ka.makespanHours - kb.makespanHours) > TIE_EPS) {
    return ka.makespanHours - kb.makespanHours;
  }
  if (ka.cleans !== kb.cleans) return ka.cleans - kb.cleans;
  return a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0;
}

/** Runs the given order and each requested strategy one after another on the same start time. */
export async function compareStrategies(
  lots: readonly Lot[],
  config: SchedulerConfig,
  opts: CompareOptions,
): Promise<CompareResult> {
  const reg = opts.registry ?? defaultRegistry;
  const request = canonicalRequest(config, {
    lots,
    strategies: comparedNames(opts.strategies, reg),
    registry: reg,
    ...(opts.startMs !== undefined ? { startMs: opts.startMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  if (request.issues.length) throw new InputError("invalid input", request.issues);
  const { startMs } = request;
  const strategies = request.runs.map((r) => r.strategy);
  const n = strategies.length;
  const raw: {
    strategy: string;
    schedule: Schedule | null;
    error: string | null;
    issues: Issue[];
  }[] = [];
  for (const [i, s] of strategies.entries()) {
    if (opts.signal?.aborted) throw new CancelledError();
    const report = (u: ProgressUpdate) =>
      opts.onProgress?.({
        ...u,
        strategy: s.name,
        run: i,
        runs: n,
        overallPercent: Math.min(100, ((i + (u.percent ?? 0) / 100) / n) * 100),
      });
    report({ phase: "constructing", percent: 0, message: `running ${s.name} (${i + 1}/${n})` });
    try {
      const schedule = await runSchedule(lots, config, {
        strategy: s.name,
        startMs,
        registry: reg,
        ...(opts.sequence ? { sequence: opts.sequence } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        // After a stop every remaining run returns its first plan at once.
        ...(opts.stop ? { stop: opts.stop } : {}),
        ...(opts.boundBudgetMs !== undefined ? { boundBudgetMs: opts.boundBudgetMs } : {}),
        onProgress: report,
      });
      raw.push({ strategy: s.name, schedule, error: null, issues: [] });
      report({
        phase: "exporting",
        percent: 100,
        message: `${s.name} done: ${schedule.kpis.makespanHours.toFixed(2)} h`,
        incumbentHours: schedule.kpis.makespanHours,
      });
    } catch (e) {
      if (e instanceof CancelledError || opts.signal?.aborted) throw e;
      const issues = e instanceof InputError ? [...e.issues] : [];
      raw.push({
        strategy: s.name,
        schedule: null,
        error: String((e as Error)?.message ?? e),
        issues,
      });
      report({ phase: "exporting", percent: 100, message: `${s.name} failed` });
    }
  }
  let lowerBoundHours = 0, boundMethod = "none";
  for (const r of raw) {
    if (r.schedule && r.schedule.bound.lowerBoundHours > lowerBoundHours) {
      lowerBoundHours = r.schedule.bound.lowerBoundHours;
      boundMethod = r.schedule.bound.method;
    }
  }
  const base = raw.find((r) => r.strategy === BASELINE_STRATEGY)?.schedule ?? null;
  const runs: CompareRun[] = raw.map((r) => {
    const k = r.schedule?.kpis;
    const b = k ? boundOf(k.makespanHours, lowerBoundHours, boundMethod) : null;
    return {
      strategy: r.strategy,
      schedule: r.schedule,
      error: r.error,
      errorIssues: r.issues,
      delta: k && base
        ? {
          makespanHours: k.makespanHours - base.kpis.makespanHours,
          cleans: k.cleans - base.kpis.cleans,
          changeoverHours: k.changeoverHours - base.kpis.changeoverHours,
        }
        : null,
      gapPct: b ? b.gapPct : null,
      provenOptimal: b?.provenOptimal ?? false,
    };
  });
  const ranked = runs.filter((r) => r.schedule).sort(compareRuns);
  return {
    startMs,
    baseline: BASELINE_STRATEGY,
    runs,
    best: ranked[0]?.strategy ?? null,
    lowerBoundHours,
    boundMethod,
  };
}
