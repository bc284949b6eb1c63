/** One scheduling run: check input, run a strategy, plan, validate, measure and bound. */
import type { Bound, Issue, Lot, Schedule } from "./model.ts";
import type { SchedulerConfig } from "./config.ts";
import { checkConfig, DEFAULT_CONFIG, lineOf } from "./config.ts";
import { CancelledError, InputError } from "./errors.ts";
import { validateLots } from "./lots.ts";
import { planActivities } from "./planner.ts";
import { computeKpis } from "./kpis.ts";
import { validateSchedule } from "./validate.ts";
import { computeLowerBound } from "./bounds/mod.ts";
import type { ProgressFn } from "./progress.ts";
import { type Registry, resolveOptions } from "./registry.ts";
import { registry as defaultRegistry } from "./strategies/mod.ts";
import { parseStartTime } from "./time.ts";

export interface RunOptions {
  /** Strategy name or alias; defaults to `config.strategy`. */
  readonly strategy?: string;
  /** Start instant in epoch ms; defaults to `config.startTime`, else the next full hour. */
  readonly startMs?: number;
  /** Lot IDs for the given order. */
  readonly sequence?: readonly string[];
  readonly onProgress?: ProgressFn;
  readonly signal?: AbortSignal;
  /** Time the lower bound may take beyond the strategy, ms (0 = closed-form bounds only). */
  readonly boundBudgetMs?: number;
  readonly registry?: Registry;
  /** Clock for the default start time. */
  readonly now?: () => number;
}

const HOUR_MS = 3_600_000;

/** Relative tolerance under which a makespan equals its bound. */
const OPTIMAL_EPS = 1e-9;

/** The start instant of a run (epoch ms). */
export function resolveStartMs(config: SchedulerConfig, opts: RunOptions = {}): number {
  if (opts.startMs !== undefined) return opts.startMs;
  if (config.startTime) return parseStartTime(config.startTime, config.timeZone);
  const now = (opts.now ?? Date.now)();
  return Math.ceil(now / HOUR_MS) * HOUR_MS;
}

/** Gap and optimality of a makespan against a lower bound. */
export function boundOf(makespanHours: number, lowerBoundHours: number, method: string): Bound {
  const provenOptimal = makespanHours <= lowerBoundHours * (1 + OPTIMAL_EPS) + OPTIMAL_EPS;
  const gapPct = lowerBoundHours > 0
    ? Math.max(0, (makespanHours - lowerBoundHours) / lowerBoundHours * 100)
    : 0;
  return { lowerBoundHours, method, gapPct: provenOptimal ? 0 : gapPct, provenOptimal };
}

/** Checks config and lots; throws InputError with every problem. */
export function checkInput(lots: readonly Lot[], config: SchedulerConfig): void {
  const configErrors = checkConfig(config);
  if (configErrors.length) throw new InputError("invalid configuration", configErrors);
  const lotErrors = validateLots(lots, config);
  if (lotErrors.length) throw new InputError("invalid lots", lotErrors);
}

/** Runs one strategy on `lots` and returns a validated, measured and bounded schedule. */
export async function runSchedule(
  lots: readonly Lot[],
  config: SchedulerConfig = DEFAULT_CONFIG,
  opts: RunOptions = {},
): Promise<Schedule> {
  const t0 = performance.now();
  const reg = opts.registry ?? defaultRegistry;
  const strategy = reg.resolve(opts.strategy ?? config.strategy);
  opts.onProgress?.({ phase: "validating", percent: 0, message: `checking ${lots.length} lots` });
  const startMs = resolveStartMs(config, opts);
  checkInput(lots, config);
  const raw = config.strategyOptions[strategy.name] ??
    strategy.aliases.map((a) => config.strategyOptions[a]).find((o) => o) ?? {};
  const { options, errors } = resolveOptions(strategy, raw);
  if (errors.length) throw new InputError("invalid strategy options", errors);
  const line = lineOf(config);
  if (opts.signal?.aborted) throw new CancelledError();
  const out = await strategy.run({
    lots,
    config: line,
    options,
    ...(opts.sequence ? { sequence: opts.sequence } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (opts.signal?.aborted) throw new CancelledError();
  const activities = planActivities(out.plan, line);
  const violations = validateSchedule(lots, activities, line);
  if (violations.length) {
    throw new Error(
      `strategy ${strategy.name} produced an invalid schedule: ${
        violations.slice(0, 3).map((v) => v.message).join("; ")
      }`,
    );
  }
  const kpis = computeKpis(activities, line);
  const elapsedMs = performance.now() - t0;
  const fromStrategy = out.lowerBoundHours ?? 0;
  // A strategy that already proved its makespan optimal leaves nothing for the bound to do.
  const proven = boundOf(kpis.makespanHours, fromStrategy, "").provenOptimal;
  const budgetMs = proven ? 0 : opts.boundBudgetMs ?? 0;
  const onProgress = opts.onProgress;
  const tBound = performance.now();
  const lb = await computeLowerBound(lots, line, {
    budgetMs,
    upperBoundHours: kpis.makespanHours,
    ...(opts.signal ? { signal: opts.signal } : {}),
    // Bounding reports the schedule already found, so a watcher keeps its incumbent and gap.
    ...(onProgress
      ? {
        onProgress: (u) => {
          const best = Math.max(u.lowerBoundHours ?? 0, fromStrategy);
          onProgress({
            ...u,
            incumbentHours: kpis.makespanHours,
            ...(best > 0
              ? { lowerBoundHours: best, gapPct: boundOf(kpis.makespanHours, best, "").gapPct }
              : {}),
            percent: Math.min(100, (performance.now() - tBound) / Math.max(1, budgetMs) * 100),
          });
        },
      }
      : {}),
  });
  const bound = fromStrategy > lb.lowerBoundHours
    ? boundOf(kpis.makespanHours, fromStrategy, out.boundMethod ?? strategy.name)
    : boundOf(kpis.makespanHours, lb.lowerBoundHours, lb.method);
  const warnings: Issue[] = [...(out.warnings ?? [])];
  return {
    strategy: strategy.name,
    startMs,
    config: line,
    plan: out.plan,
    activities,
    kpis,
    bound,
    status: out.status ?? "heuristic",
    validation: { errors: [], warnings },
    elapsedMs,
  };
}
