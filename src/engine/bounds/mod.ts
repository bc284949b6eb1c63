/** The lower bound attached to every schedule: the best of the bounds that fit the time budget. */
import type { LineConfig, Lot } from "../model.ts";
import { continuousBound } from "./continuous.ts";

export interface LowerBound {
  readonly lowerBoundHours: number;
  readonly method: string;
}

export interface BoundOptions {
  /** Time the bound may take, milliseconds; 0 = closed-form bounds only. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
}

/** The best lower bound on the makespan found within the budget. */
export function computeLowerBound(
  lots: readonly Lot[],
  config: LineConfig,
  _options: BoundOptions = {},
): Promise<LowerBound> {
  return Promise.resolve({ lowerBoundHours: continuousBound(lots, config), method: "continuous" });
}
