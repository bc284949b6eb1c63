/** The lower bound attached to every schedule: the best of the bounds that fit the time budget. */
import type { Downtime, LineConfig, Lot } from "../model.ts";
import { calendarBound } from "./calendar.ts";
import type { ProgressFn } from "../progress.ts";
import { budgetOf, type Clock, msLeft, wallClock } from "../budget.ts";
import { continuousBound } from "./continuous.ts";
import { largeLotsBound, largeLotsMs } from "./large_lots.ts";
import { hostingLpBound, hostingLpMs } from "./hosting_lp.ts";
import { blockSplitBound, columnGenerationBound } from "./column_generation.ts";
import { type Part, searchBelow } from "./partition_search.ts";

export { calendarBound } from "./calendar.ts";
export { lpDive } from "./lp_dive.ts";

export interface LowerBound {
  readonly lowerBoundHours: number;
  /**
   * "continuous", "large-lots", "column-generation" or "partition-search": which bound was the
   * best.
   */
  readonly method: string;
  /** Time the bound took, ms. */
  readonly elapsedMs: number;
  /** Whether the budget ended the work (or kept a step from starting) before it was done. */
  readonly stoppedByBudget: boolean;
  /**
   * Blocks of a schedule better than `upperBoundHours`, when the search for a proof met one (its
   * makespan is at least the bound).
   */
  readonly better?: readonly (readonly Lot[])[];
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
  const done = (
    lowerBoundHours: number,
    stoppedByBudget: boolean,
    method = "column-generation",
  ): LowerBound => ({
    ...(lowerBoundHours > continuous && lowerBoundHours >= closed.hours
      ? calendarBound(lowerBoundHours, method, lots, config, options.downtimes)
      : calendarBound(closed.hours, closed.method, lots, config, options.downtimes)),
    elapsedMs: clock() - t0,
    stoppedByBudget,
  });
  if (budgetMs <= 0 || lots.length === 0 || options.signal?.aborted) return done(0, false);
  const budget = budgetOf(budgetMs, clock);
  // The large-lots bound sorts the lots: cheap, but not free at any size.
  const largeFits = largeLotsMs(lots.length) <= msLeft(budget);
  if (largeFits) {
    const large = largeLotsBound(lots, config);
    if (large > closed.hours) closed = { hours: large, method: "large-lots" };
  }
  // Its LP refinement shares large lots' rooms out between types (glpk.js; a few ms once loaded).
  if (largeFits && hostingLpMs(lots.length) <= msLeft(budget) / 2) {
    const hosting = await hostingLpBound(lots, config, msLeft(budget) / 2);
    if (hosting > closed.hours) closed = { hours: hosting, method: "large-lots" };
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
  // The large-lots bound holds on each side of the split too, and grows with its fewest blocks.
  const sides = split.sides && {
    ...split.sides,
    fewer: Math.max(split.sides.fewer, closed.hours),
    more: Math.max(
      split.sides.more,
      largeFits ? largeLotsBound(lots, config, split.sides.blocks) : 0,
    ),
  };
  const lp = Math.max(split.lowerBoundHours, sides ? Math.min(sides.fewer, sides.more) : 0);
  // With a plan to beat and the LP a few steps below it, a search over partitions may settle it:
  // on each side of the split (whose LPs sit closer to the plan: fewer patterns), else over the
  // whole LP. A split's time goes first only when the LP's block count is fractional.
  const parts: Part[] = sides
    ? [{ hours: sides.fewer, proof: sides.fewerProof }, {
      hours: sides.more,
      proof: sides.moreProof,
    }]
    : [{ hours: lp, proof: cg.proof }];
  const found = searchBelow(cg.form, parts, options.upperBoundHours, budget, options.signal);
  const better = found.better ? { better: found.better } : {};
  if (found.hours > lp) return { ...done(found.hours, false, "partition-search"), ...better };
  return { ...done(lp, split.stoppedByBudget), ...better };
}
