/** The lower bound attached to every schedule: the best of the bounds that fit the time budget. */
import type { Downtime, LineConfig, Lot } from "../model.ts";
import { calendarBound } from "./calendar.ts";
import type { ProgressFn } from "../progress.ts";
import { type Budget, budgetOf, type Clock, msLeft, subBudget, wallClock } from "../budget.ts";
import { continuousBound } from "./continuous.ts";
import { largeLotsBound, largeLotsMs } from "./large_lots.ts";
import {
  blockSplitBound,
  columnGenerationBound,
  type ColumnGenerationResult,
} from "./column_generation.ts";
import { searchPartitions } from "./partition_search.ts";
import { roundUpToLattice } from "../packing/mod.ts";

export { calendarBound } from "./calendar.ts";

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
  // With a plan to beat and the LP a few steps below it, a search over partitions may settle it
  // (half the time left: what it does not settle, the split below may).
  const exact = partitionBound(
    cg,
    options.upperBoundHours,
    subBudget(budget, msLeft(budget) / 2),
    options.signal,
  );
  if (exact > cg.lowerBoundHours) return done(exact, false, "partition-search");
  // Time left after convergence goes to splitting on a fractional block count.
  const split = await blockSplitBound(lots, config, cg, {
    ...shared,
    budgetMs: Math.max(0, msLeft(budget)),
  });
  // The large-lots bound holds on each side of the split too, and grows with its fewest blocks.
  const sides = split.sides;
  const both = sides && largeFits
    ? Math.min(
      Math.max(sides.fewer, closed.hours),
      Math.max(sides.more, largeLotsBound(lots, config, sides.blocks)),
    )
    : 0;
  return done(Math.max(split.lowerBoundHours, both), split.stoppedByBudget);
}

/** Most lattice steps between the LP value and the cutoff for which partitions are searched. */
const PARTITION_MAX_STEPS = 2;

/**
 * The known makespan `upper` (on the lattice) when a search over partitions proves that no
 * schedule is a lattice step or more below it; else 0.
 */
function partitionBound(
  cg: ColumnGenerationResult,
  upper: number | undefined,
  budget: Budget,
  signal: AbortSignal | undefined,
): number {
  const form = cg.form;
  if (!cg.proof || !form || upper === undefined || !(form.lattice > 0)) return 0;
  const target = roundUpToLattice(upper, form);
  if (cg.lowerBoundHours >= target) return 0;
  // Just above the lattice point below the target, as in milp-opt: clear of float noise.
  const cutoff = target - form.lattice * (1 - 1e-6);
  // Farther below, the patterns within reach are too many to search (the split gets the time).
  if (cutoff - cg.proof.dualValue > PARTITION_MAX_STEPS * form.lattice) return 0;
  return searchPartitions(form, cg.proof, cutoff, budget, signal) === "none" ? target : 0;
}
