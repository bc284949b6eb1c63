/** The lower bound attached to every schedule: the best of the bounds that fit the time budget. */
import type { LineConfig, Lot } from "../model.ts";
import type { ProgressFn } from "../progress.ts";
import { continuousBound } from "./continuous.ts";
import { blockSplitBound, columnGenerationBound } from "./column_generation.ts";

export interface LowerBound {
  readonly lowerBoundHours: number;
  /** "continuous" or "column-generation": which bound was the best. */
  readonly method: string;
}

export interface BoundOptions {
  /** Time the bound may take, milliseconds; 0 = closed-form bounds only. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
  /** Progress (phase "bounding") with the bound so far. */
  readonly onProgress?: ProgressFn;
  /** A known makespan, which tightens column generation's early bounds. */
  readonly upperBoundHours?: number;
}

/** The best lower bound on the makespan found within the budget. */
export async function computeLowerBound(
  lots: readonly Lot[],
  config: LineConfig,
  options: BoundOptions = {},
): Promise<LowerBound> {
  const continuous = continuousBound(lots, config);
  const budgetMs = options.budgetMs ?? 0;
  if (budgetMs <= 0 || lots.length === 0 || options.signal?.aborted) {
    return { lowerBoundHours: continuous, method: "continuous" };
  }
  const t0 = performance.now();
  const cg = await columnGenerationBound(lots, config, {
    budgetMs,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.upperBoundHours !== undefined ? { upperBoundHours: options.upperBoundHours } : {}),
    ...(options.onProgress
      ? {
        onProgress: (u) =>
          options.onProgress!({
            ...u,
            lowerBoundHours: Math.max(continuous, u.lowerBoundHours ?? 0),
          }),
      }
      : {}),
  });
  // Time left after convergence goes to splitting on a fractional block count.
  const left = budgetMs - (performance.now() - t0);
  const lp = left > 0
    ? await blockSplitBound(lots, config, cg, {
      budgetMs: left,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.upperBoundHours !== undefined
        ? { upperBoundHours: options.upperBoundHours }
        : {}),
    })
    : cg.lowerBoundHours;
  return lp > continuous
    ? { lowerBoundHours: lp, method: "column-generation" }
    : { lowerBoundHours: continuous, method: "continuous" };
}
