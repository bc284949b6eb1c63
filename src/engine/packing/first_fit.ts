/**
 * First fit decreasing by type over the packing form: a quick feasible packing used to seed
 * column generation, to bound the number of blocks of an optimum, and as a MILP incumbent.
 */
import type { Lot, Plan } from "../model.ts";
import { fitsBlock, type PackingForm } from "./form.ts";

/** Blocks as lists of group indices (one entry per lot). */
export type GroupBlocks = number[][];

/**
 * Types by total size (largest first), lots of a type largest first; each lot goes to the first
 * block that already has its type and room, else the first block with room for it and a setup.
 * Types come one after another, so the blocks holding the current type are exactly those it
 * touched so far; each of the two "first block with room" questions is a search in a max-tree
 * of slack over block indices, O(log blocks) instead of a scan of every block.
 */
export function firstFitByType(form: PackingForm): GroupBlocks {
  const typeSize = new Array<number>(form.types.length).fill(0);
  for (const g of form.groups) typeSize[g.type]! += g.size * g.lots.length;
  const order = form.groups.map((_, i) => i).sort((x, y) => {
    const gx = form.groups[x]!;
    const gy = form.groups[y]!;
    return typeSize[gy.type]! - typeSize[gx.type]! || gx.type - gy.type || gy.size - gx.size;
  });
  const blocks: { groups: number[]; size: number; types: number }[] = [];
  const slack = (b: { size: number; types: number }) =>
    form.capacity - b.size - form.setup * b.types;
  // Blocks with the current type, and all others; -Infinity marks a block of the other set.
  const withType = new SlackTree(form.lotCount);
  const withoutType = new SlackTree(form.lotCount);
  let touched: number[] = [];
  let phaseType = -1;
  /** The first block of `tree` from which `fits` holds; the tree only narrows the scan. */
  const firstFit = (tree: SlackTree, need: number, fits: (i: number) => boolean) => {
    // The tree's slack may differ from the rules' sum by float noise: it is asked with a
    // margin and each candidate is confirmed with fitsBlock itself.
    for (let i = tree.firstAtLeast(need - SLACK_MARGIN, 0); i >= 0;) {
      if (fits(i)) return i;
      i = tree.firstAtLeast(need - SLACK_MARGIN, i + 1);
    }
    return -1;
  };
  for (const gi of order) {
    const g = form.groups[gi]!;
    if (g.type !== phaseType) {
      for (const i of touched) {
        withType.set(i, -Infinity);
        withoutType.set(i, slack(blocks[i]!));
      }
      touched = [];
      phaseType = g.type;
    }
    for (let copy = 0; copy < g.lots.length; copy++) {
      let target = firstFit(
        withType,
        g.size,
        (i) => fitsBlock(blocks[i]!.size + g.size, blocks[i]!.types, form),
      );
      if (target < 0) {
        target = firstFit(
          withoutType,
          g.size + form.setup,
          (i) => fitsBlock(blocks[i]!.size + g.size, blocks[i]!.types + 1, form),
        );
      }
      if (target >= 0) {
        const b = blocks[target]!;
        b.groups.push(gi);
        b.size += g.size;
        if (withType.get(target) === -Infinity) {
          b.types++;
          withoutType.set(target, -Infinity);
          touched.push(target);
        }
        withType.set(target, slack(b));
      } else {
        target = blocks.length;
        blocks.push({ groups: [gi], size: g.size, types: 1 });
        withoutType.set(target, -Infinity);
        withType.set(target, slack(blocks[target]!));
        touched.push(target);
      }
    }
  }
  return blocks.map((b) => b.groups);
}

/** Far above the float noise of a block's slack, far below any lot's size. */
const SLACK_MARGIN = 1e-7;

/** A max segment tree over block indices: the first index from `from` with a value ≥ x. */
class SlackTree {
  readonly #size: number;
  readonly #max: Float64Array;

  constructor(n: number) {
    let size = 1;
    while (size < Math.max(1, n)) size *= 2;
    this.#size = size;
    this.#max = new Float64Array(2 * size).fill(-Infinity);
  }

  get(i: number): number {
    return this.#max[this.#size + i]!;
  }

  set(i: number, value: number): void {
    let k = this.#size + i;
    this.#max[k] = value;
    for (k >>= 1; k >= 1; k >>= 1) {
      this.#max[k] = Math.max(this.#max[2 * k]!, this.#max[2 * k + 1]!);
    }
  }

  /** The first index ≥ `from` whose value is ≥ `x`, or -1. */
  firstAtLeast(x: number, from: number): number {
    return this.#first(1, 0, this.#size, x, from);
  }

  #first(node: number, lo: number, hi: number, x: number, from: number): number {
    if (hi <= from || this.#max[node]! < x) return -1;
    if (hi - lo === 1) return lo;
    const mid = (lo + hi) >> 1;
    const left = this.#first(2 * node, lo, mid, x, from);
    return left >= 0 ? left : this.#first(2 * node + 1, mid, hi, x, from);
  }
}

/** Turns group blocks into a plan: real lots, each block's lots grouped by type. */
export function groupBlocksToPlan(blocks: readonly (readonly number[])[], form: PackingForm): Plan {
  const next = new Array<number>(form.groups.length).fill(0);
  return blocks.map((block) => {
    const sorted = [...block].sort((x, y) => form.groups[x]!.type - form.groups[y]!.type);
    return sorted.map((gi): Lot => form.groups[gi]!.lots[next[gi]!++]!);
  });
}
