/** One scheduling run: check input, run a strategy, plan, validate, measure and bound. */
import type { Bound, Issue, Lot, Schedule, SolveStatus } from "./model.ts";
import { boundOf } from "./gap.ts";
import type { SchedulerConfig } from "./config.ts";
import { DEFAULT_CONFIG, lineOf } from "./config.ts";
import { CancelledError, InputError } from "./errors.ts";
import { blockActivities, timePlan } from "./planner.ts";
import { computeKpis } from "./kpis.ts";
import { computeDueKpis, tardinessLowerBound } from "./due.ts";
import { sequenceForObjective } from "./sequencing.ts";
import { calendarBound } from "./bounds/mod.ts";
import { validateSchedule } from "./validate.ts";
import { computeLowerBound } from "./bounds/mod.ts";
import type { ProgressFn } from "./progress.ts";
import { canonicalRequest, type RequestOptions } from "./run_request.ts";
import { haltSignal } from "./registry.ts";

/** How to run: the request's strategy, registry, start and clock, plus what the run needs. */
export interface RunOptions extends Omit<RequestOptions, "lots" | "strategies"> {
  /** Lot IDs for the given order. */
  readonly sequence?: readonly string[];
  readonly onProgress?: ProgressFn;
  readonly signal?: AbortSignal;
  /** Stop early: the search ends as soon as it can and its best plan is the result. */
  readonly stop?: AbortSignal;
  /** Time the lower bound may take beyond the strategy, ms (0 = closed-form bounds only). */
  readonly boundBudgetMs?: number;
  /**
   * Time re-sequencing for the calendar and due dates may take after the strategy, ms (default
   * SEQUENCING_BUDGET_MS); it stops earlier when no move helps. Unused without either.
   */
  readonly sequencingBudgetMs?: number;
}

/** Default time for re-sequencing a plan around downtimes and for due dates, ms. */
export const SEQUENCING_BUDGET_MS = 500;

/** Runs one strategy on `lots` and returns a validated, measured and bounded schedule. */
export async function runSchedule(
  lots: readonly Lot[],
  config: SchedulerConfig = DEFAULT_CONFIG,
  opts: RunOptions = {},
): Promise<Schedule> {
  const t0 = performance.now();
  opts.onProgress?.({ phase: "validating", percent: 0, message: `checking ${lots.length} lots` });
  const request = canonicalRequest(config, { ...opts, lots });
  if (request.issues.length) throw new InputError("invalid input", request.issues);
  const { strategy, options } = request.runs[0]!;
  const startMs = request.startMs;
  const line = lineOf(config);
  if (opts.signal?.aborted) throw new CancelledError();
  const out = await strategy.run({
    lots,
    config: line,
    options,
    ...(opts.sequence ? { sequence: opts.sequence } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.stop ? { stop: opts.stop } : {}),
  });
  if (opts.signal?.aborted) throw new CancelledError();
  // After a stop, re-sequencing and the bound keep what they have so far, like at a budget's end.
  const halt = haltSignal(opts);
  const { downtimes } = request;
  const objective = config.objective ?? "makespan";
  // The given order is the user's: it is timed around downtimes but never re-ordered.
  const plan = strategy.keepsOrder ? out.plan : sequenceForObjective(out.plan, {
    config: line,
    downtimes,
    objective,
    makespanTolerancePct: config.makespanTolerancePct ?? 0,
    startMs,
    budgetMs: opts.sequencingBudgetMs ?? SEQUENCING_BUDGET_MS,
    ...(halt ? { signal: halt } : {}),
  });
  if (opts.signal?.aborted) throw new CancelledError();
  const timed = timePlan(plan, line, downtimes);
  const activities = blockActivities(timed, line);
  const violations = validateSchedule(lots, activities, line, downtimes);
  if (violations.length) {
    throw new Error(
      `strategy ${strategy.name} produced an invalid schedule: ${
        violations.slice(0, 3).map((v) => v.message).join("; ")
      }`,
    );
  }
  const due = computeDueKpis(lots, activities, startMs);
  const kpis = { ...computeKpis(activities, line), ...(due ? { due } : {}) };
  const elapsedMs = performance.now() - t0;
  // A strategy's own bound is on the work alone; downtimes push it like any other.
  const strategyBound = calendarBound(
    out.lowerBoundHours ?? 0,
    out.boundMethod ?? strategy.name,
    lots,
    line,
    downtimes,
  );
  const fromStrategy = strategyBound.lowerBoundHours;
  // A strategy that already proved its makespan optimal leaves nothing for the bound to do.
  const proven = boundOf(kpis.makespanHours, fromStrategy, "").provenOptimal;
  const budgetMs = proven ? 0 : opts.boundBudgetMs ?? 0;
  const onProgress = opts.onProgress;
  const tBound = performance.now();
  const lb = await computeLowerBound(lots, line, {
    budgetMs,
    upperBoundHours: kpis.makespanHours,
    incumbent: timed.map((b) => b.lots),
    downtimes,
    ...(halt ? { signal: halt } : {}),
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
  const bound: Bound = {
    ...(fromStrategy > lb.lowerBoundHours
      ? boundOf(kpis.makespanHours, fromStrategy, strategyBound.method)
      : boundOf(kpis.makespanHours, lb.lowerBoundHours, lb.method)),
    elapsedMs: lb.elapsedMs,
    stoppedByBudget: lb.stoppedByBudget,
    ...(objective !== "makespan"
      ? { tardiness: tardinessLowerBound(lots, line, startMs, downtimes) }
      : {}),
  };
  const warnings: Issue[] = [...(out.warnings ?? [])];
  return {
    strategy: strategy.name,
    startMs,
    config: line,
    plan: timed.map((b) => b.lots),
    activities,
    kpis,
    bound,
    status: statusOf(out.status ?? "heuristic", bound, downtimes, opts.stop),
    validation: { errors: [], warnings },
    elapsedMs,
    ...(downtimes.length ? { calendar: downtimes } : {}),
    ...(objective !== "makespan" ? { objective } : {}),
  };
}

/**
 * The run's status from its strategy's and the bound's. A strategy proves optimality without the
 * calendar, so around downtimes its plan is only feasible unless the bound (which knows the
 * calendar) proves it. An optimizer that ran out of time, or was stopped, whose plan the bound then
 * proves is optimal: the status says what the plan is, not how the search ended.
 */
function statusOf(
  status: SolveStatus,
  bound: Bound,
  downtimes: readonly unknown[],
  stop: AbortSignal | undefined,
): SolveStatus {
  if (status === "heuristic" || status === "infeasible") return status;
  if (bound.provenOptimal) return "optimal";
  if (stop?.aborted) return "stopped";
  return status === "optimal" && downtimes.length ? "feasible" : status;
}
