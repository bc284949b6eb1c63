/**
 * The planner loop every packing heuristic shares: a pool of
 * unscheduled lots in strategy order; the strategy picks the next lot that fits the current
 * block, and when none fits the block is closed (a CLEAN follows) and a new one starts.
 */
import type { LineConfig, Lot, Plan } from "../model.ts";
import type { StrategyInput } from "../registry.ts";
import { CancelledError } from "../errors.ts";
import { rateLimited } from "../progress.ts";
import { changeoverBetween, fillHours } from "../rules.ts";
import { numberTypes } from "../type_numbers.ts";

/** The pool as flat arrays over pool positions (0 = first in strategy order). */
export interface Pool {
  readonly lots: readonly Lot[];
  /** Fill hours of the lot at each position. */
  readonly fill: Float64Array;
  /** Type index of the lot at each position (types numbered by first appearance in the pool). */
  readonly type: Int32Array;
  readonly typeNames: readonly string[];
}

/** Builds the pool arrays for lots already in strategy order. */
export function makePool(lots: readonly Lot[], config: LineConfig): Pool {
  const fill = new Float64Array(lots.length);
  const { type, typeNames } = numberTypes(lots);
  lots.forEach((lot, i) => (fill[i] = fillHours(lot, config)));
  return { lots, fill, type, typeNames };
}

/** Where the current block stands when the strategy is asked for its next lot. */
export interface BlockState {
  /** Type index of the block's last lot; -1 right after a CLEAN. */
  readonly prevType: number;
  /** Fill + changeover hours the block holds so far. */
  readonly used: number;
}

/** A strategy's pick rule over a pool, with its own incremental bookkeeping. */
export interface Picker {
  /** Pool position of the next lot to place, or -1 when no remaining lot fits the block. */
  next(state: BlockState): number;
  /** Removes the lot at `pos` from the pool (it was placed). */
  take(pos: number): void;
}

/** Changeover hours before a lot of type `t` after a lot of type `prev` (-1: after a CLEAN). */
export function chgOf(prev: number, t: number, config: LineConfig): number {
  if (prev < 0) return 0;
  return changeoverBetween(prev === t, config);
}

/** How many picks pass between two checks of the abort signal. */
const CHECK_EVERY = 256;

/**
 * Runs the shared loop: asks `picker` for lots until the pool is empty and returns the plan.
 * Throws CancelledError when `input.signal` aborts; reports phase "constructing" progress.
 */
export function packLoop(
  pool: Pool,
  picker: Picker,
  config: LineConfig,
  input: Pick<StrategyInput, "signal" | "onProgress">,
  label: string,
): Plan {
  const n = pool.lots.length;
  const plan: Lot[][] = [];
  let block: Lot[] = [];
  let prevType = -1;
  let used = 0;
  const progress = input.onProgress ? rateLimited(input.onProgress) : null;
  const report = (placed: number) =>
    progress?.emit({
      phase: "constructing",
      message: `${label}: ${placed} of ${n} lots placed`,
      percent: n ? (placed / n) * 100 : 100,
    });
  report(0);
  for (let placed = 0; placed < n;) {
    if (placed % CHECK_EVERY === 0 && input.signal?.aborted) throw new CancelledError();
    const pos = picker.next({ prevType, used });
    if (pos < 0) {
      if (block.length === 0) {
        throw new Error(`${label}: no lot fits an empty window; lots must be validated first`);
      }
      plan.push(block);
      block = [];
      prevType = -1;
      used = 0;
      continue;
    }
    const t = pool.type[pos]!;
    used = used + (chgOf(prevType, t, config) + pool.fill[pos]!);
    prevType = t;
    block.push(pool.lots[pos]!);
    picker.take(pos);
    placed++;
    if (placed % CHECK_EVERY === 0) report(placed);
  }
  if (block.length) plan.push(block);
  report(n);
  progress?.flush();
  return plan;
}
