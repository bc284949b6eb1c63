/** The lower bound attached to every schedule: the best of the bounds that fit the time budget. */
import type { Downtime, LineConfig, Lot } from "../model.ts";
import { calendarBound } from "./calendar.ts";
import type { ProgressFn } from "../progress.ts";
import { budgetOf, type Clock, msLeft, wallClock } from "../budget.ts";
import { continuousBound } from "./continuous.ts";
import { largeLotsBound, largeLotsMs } from "./large_lots.ts";
import { blockSplitBound, columnGenerationBound } from "./column_generation.ts";

export { calendarBound } from "./calendar.ts";

export interface LowerBound {
  readonly lowerBoundHours: number;
  /** "continuous", "large-lots" or "column-generation": which bound was the best. */
  readonly method: string;
  /** Time the bound took, ms. */
  readonly elapsedMs: number;
  /** Whether the budget ended the work (or kept a step from starting) before it was done. */
  readonly stoppedByBudget: boolean;
}

export interface BoundOptions {
  /** Time the bound may take, milliseconds; 0 = the continuous bound only. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
  /** Progress (phase "bounding") with the bound so far. */
  readonly onProgress?: ProgressFn;
  /** A known makespan, which tightens column generation's early bounds. */
  readonly upperBoundHours?: number;
  /** The blocks of a known schedule (lots), which seed column generation's master LP. */
  readonly incumbent?: readonly (readonly Lot[])[];
  /** The clock the budget is measured on (performance.now by default). */
  readonly clock?: Clock;
  /** The line's downtimes (hours from the start): the work bound is pushed past them. */
  readonly downtimes?: readonly Downtime[];
}

/** The best lower bound on the makespan found within the budget. */
export async function computeLowerBound(
  lots: readonly Lot[],
  config: LineConfig,
  options: BoundOptions = {},
): Promise<LowerBound> {
  const clock = options.clock ?? wallClock;
  const t0 = clock();
  const continuous = continuousBound(lots, config);
  const budgetMs = options.budgetMs ?? 0;
  // The best closed-form bound so far; column generation is named when it is at least as good.
  let closed = { hours: continuous, method: "continuous" };
  const done = (lowerBoundHours: number, stoppedByBudget: boolean): LowerBound => ({
    ...(lowerBoundHours > continuous && lowerBoundHours >= closed.hours
      ? calendarBound(lowerBoundHours, "column-generation", lots, config, options.downtimes)
      : calendarBound(closed.hours, closed.method, lots, config, options.downtimes)),
    elapsedMs: clock() - t0,
    stoppedByBudget,
  });
  if (budgetMs <= 0 || lots.length === 0 || options.signal?.aborted) return done(0, false);
  const budget = budgetOf(budgetMs, clock);
  // The large-lots bound sorts the lots: cheap, but not free at any size.
  if (largeLotsMs(lots.length) <= msLeft(budget)) {
    const large = largeLotsBound(lots, config);
    if (large > closed.hours) closed = { hours: large, method: "large-lots" };
  }
  const shared = {
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.upperBoundHours !== undefined ? { upperBoundHours: options.upperBoundHours } : {}),
    ...(options.incumbent ? { incumbent: options.incumbent } : {}),
  };
  const cg = await columnGenerationBound(lots, config, {
    ...shared,
    budgetMs: Math.max(0, msLeft(budget)),
    ...(options.onProgress
      ? {
        onProgress: (u) =>
          options.onProgress!({
            ...u,
            lowerBoundHours: Math.max(closed.hours, u.lowerBoundHours ?? 0),
          }),
      }
      : {}),
  });
  // Time left after convergence goes to splitting on a fractional block count.
  const split = await blockSplitBound(lots, config, cg, {
    ...shared,
    budgetMs: Math.max(0, msLeft(budget)),
  });
  return done(split.lowerBoundHours, split.stoppedByBudget);
}
