/**
 * The pick rule of spt-, lpt- and cfs-pack in O(log n): "the first lot in pool order of the
 * current type that fits; else the first lot of any type that fits". A segment tree over pool
 * positions holds the smallest fill of each subtree (one tree per type and one over all lots);
 * since fitting is monotone in fill, a descent that goes left whenever the left subtree's
 * smallest fill fits finds the first fitting position.
 */
import type { LineConfig, Lot, Plan } from "../model.ts";
import type { StrategyInput } from "../registry.ts";
import { fitsWindow } from "../rules.ts";
import { type BlockState, makePool, packLoop, type Picker, type Pool } from "./_pack_loop.ts";

/** Min-segment tree over positions with removal and a first-fit descent. */
export class MinFillTree {
  readonly #size: number;
  readonly #min: Float64Array;

  constructor(values: ArrayLike<number>) {
    let size = 1;
    while (size < values.length) size *= 2;
    this.#size = size;
    this.#min = new Float64Array(2 * size).fill(Infinity);
    for (let i = 0; i < values.length; i++) this.#min[size + i] = values[i]!;
    for (let k = size - 1; k >= 1; k--) {
      this.#min[k] = Math.min(this.#min[2 * k]!, this.#min[2 * k + 1]!);
    }
  }

  /** Removes position `i` (its value becomes +∞). */
  remove(i: number): void {
    let k = this.#size + i;
    this.#min[k] = Infinity;
    for (k >>= 1; k >= 1; k >>= 1) {
      this.#min[k] = Math.min(this.#min[2 * k]!, this.#min[2 * k + 1]!);
    }
  }

  /**
   * The first position whose value `fits`, or -1. `fits` must be monotone: if it holds for a
   * value, it holds for every smaller one.
   */
  first(fits: (value: number) => boolean): number {
    const min = this.#min;
    if (min[1] === Infinity || !fits(min[1]!)) return -1;
    let k = 1;
    while (k < this.#size) {
      const left = min[2 * k]!;
      k = left !== Infinity && fits(left) ? 2 * k : 2 * k + 1;
    }
    return k - this.#size;
  }
}

/** The first-fit picker over `pool` (already in the strategy's order). */
export function firstFitPicker(pool: Pool, config: LineConfig): Picker {
  const n = pool.fill.length;
  const all = new MinFillTree(pool.fill);
  const positions: number[][] = pool.typeNames.map(() => []);
  const slot = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const list = positions[pool.type[p]!]!;
    slot[p] = list.length;
    list.push(p);
  }
  const byType = positions.map((list) => new MinFillTree(list.map((p) => pool.fill[p]!)));
  return {
    next({ prevType, used }: BlockState): number {
      if (prevType >= 0) {
        const same = config.chgSameHours;
        const k = byType[prevType]!.first((f) => fitsWindow(used, same + f, config));
        if (k >= 0) return positions[prevType]![k]!;
      }
      // No lot of the current type fits with the same-type changeover, so none fits with the
      // (never shorter) different-type one: the global query may use chgDiff for every lot.
      const chg = prevType < 0 ? 0 : config.chgDiffHours;
      return all.first((f) => fitsWindow(used, chg + f, config));
    },
    take(pos: number): void {
      all.remove(pos);
      byType[pool.type[pos]!]!.remove(slot[pos]!);
    },
  };
}

/** Packs lots already in strategy order with the first-fit pick rule. */
export function packFirstFit(
  ordered: readonly Lot[],
  input: Pick<StrategyInput, "config" | "signal" | "onProgress">,
  label: string,
): Plan {
  const pool = makePool(ordered, input.config);
  return packLoop(pool, firstFitPicker(pool, input.config), input.config, input, label);
}

/** Code-unit order of two strings: locale-independent, so plans never depend on the machine. */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
