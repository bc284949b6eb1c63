/**
 * Exact pricing by dynamic programming, for instances whose sizes are whole units (vials) and
 * whose capacity is small enough in them: a bounded knapsack with setups over the capacity.
 * Lots of one group are one item with a bounded count, split in binary chunks (1, 2, 4, …), so
 * a group of many identical lots costs a few stages, not one per lot. Each type is opened once
 * (its setup's room and cost) and then takes any of its chunks. Exact whatever the duals, and
 * much faster than the depth-first search where many lots share a size (classical bin packing).
 */
import type { PackingForm } from "../packing/mod.ts";
import { type Budget, spent } from "../budget.ts";
import type { PricedPattern, PricingResult } from "./pricing.ts";

/**
 * Largest table (capacity units × stages) priced this way: about 10 ms. Larger ones take the
 * search, which was faster there (a table of 10^7 cells took 50–100 ms per pricing).
 */
const MAX_CELLS = 2_000_000;
/** Most patterns returned per pricing: the best ones at distinct capacities. */
const MAX_PATTERNS = 40;
const PROFIT_EPS = 1e-9;

interface Stage {
  readonly group: number;
  readonly count: number;
  readonly weight: number;
  readonly profit: number;
}

/**
 * The exact pricing result, or null when this instance does not suit the table (sizes not
 * whole, or the table too large); a budget spent midway gives an inexact, unbounded result.
 */
export function knapsackPricing(
  form: PackingForm,
  values: readonly number[],
  threshold: number,
  budget?: Budget,
): PricingResult | null {
  const r = form.unitsPerHour;
  if (!(r > 0)) return null;
  const cap = Math.floor(form.capacity * r + 1e-6);
  const setupUnits = Math.round(form.setup * r);
  const e = form.setup;
  // Items worth taking, per type, in binary chunks.
  const byType = new Map<number, Stage[]>();
  let stages = 0;
  form.groups.forEach((g, gi) => {
    const profit = values[gi]! - g.size;
    const weight = Math.round(g.size * r);
    if (profit <= PROFIT_EPS || weight + setupUnits > cap) return;
    let left = Math.min(g.lots.length, Math.floor((cap - setupUnits) / weight));
    const list = byType.get(g.type) ?? [];
    for (let k = 1; left > 0; k *= 2) {
      const count = Math.min(k, left);
      list.push({ group: gi, count, weight: weight * count, profit: profit * count });
      left -= count;
      stages++;
    }
    byType.set(g.type, list);
  });
  const width = cap + 1;
  if (width * (stages + byType.size) > MAX_CELLS) return null;
  // best[w]: the best profit of a pattern with at most w units (0: the empty pattern).
  const best = new Float64Array(width);
  const open = new Float64Array(width);
  // One bit per (stage, room): whether the stage's chunk was taken, or the type used.
  const words = (width + 31) >>> 5;
  const bits = new Uint32Array(words * (stages + byType.size));
  const set = (row: number, w: number) => bits[row * words + (w >>> 5)]! |= 1 << (w & 31);
  const has = (row: number, w: number) => (bits[row * words + (w >>> 5)]! >>> (w & 31)) & 1;
  let row = 0;
  const typeRow: number[] = [];
  const types = [...byType.entries()];
  for (const [, list] of types) {
    if (budget && spent(budget)) return { patterns: [], upperProfit: Infinity, exact: false };
    // open[w]: the type opened (its setup paid), nothing of it taken yet.
    for (let w = 0; w < width; w++) {
      open[w] = w >= setupUnits ? best[w - setupUnits]! - e : -Infinity;
    }
    for (const st of list) {
      for (let w = cap; w >= st.weight; w--) {
        const v = open[w - st.weight]! + st.profit;
        if (v > open[w]!) {
          open[w] = v;
          set(row, w);
        }
      }
      row++;
    }
    typeRow.push(row++);
    for (let w = 0; w < width; w++) {
      if (open[w]! > best[w]! + PROFIT_EPS) {
        best[w] = open[w]!;
        set(typeRow[typeRow.length - 1]!, w);
      }
    }
  }
  /** The pattern behind best[w]. */
  const patternAt = (w0: number): number[] => {
    const groups: number[] = [];
    let w = w0;
    for (let t = types.length - 1; t >= 0; t--) {
      const list = types[t]![1];
      const stage = typeRow[t]! - list.length;
      if (!has(typeRow[t]!, w)) continue;
      for (let j = list.length - 1; j >= 0; j--) {
        if (has(stage + j, w)) {
          const st = list[j]!;
          for (let k = 0; k < st.count; k++) groups.push(st.group);
          w -= st.weight;
        }
      }
      w -= setupUnits;
    }
    return groups;
  };
  // The best pattern, and the best at smaller capacities where the profit steps up: other
  // columns for the same master, as good as exact pricing finds for their room.
  const found: PricedPattern[] = [];
  for (let w = cap; w > 0 && found.length < MAX_PATTERNS; w--) {
    if (best[w]! <= threshold + PROFIT_EPS) break;
    if (best[w]! > best[w - 1]! + PROFIT_EPS) {
      const groups = patternAt(w);
      if (groups.length) found.push({ groups, profit: best[w]! });
    }
  }
  found.reverse();
  // A lot alone is a pattern too (it matters only when a block's fixed cost is negative).
  let single = -Infinity;
  form.groups.forEach((g, gi) => {
    const p = values[gi]! - g.size - e;
    if (p > single) single = p;
  });
  if (single > Math.max(threshold, best[cap]!) + PROFIT_EPS) {
    const gi = form.groups.findIndex((g, i) => values[i]! - g.size - e === single);
    found.push({ groups: [gi], profit: single });
  }
  return {
    patterns: found,
    upperProfit: Math.max(threshold, best[cap]!, single),
    exact: true,
  };
}
