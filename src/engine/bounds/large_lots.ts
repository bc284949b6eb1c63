/**
 * The large-lots bound: the continuous bound (continuous.ts) with its block counts raised by
 * Martello and Toth's L2 bound for bin packing, per type and over all types.
 *
 * A block holding type t gives t's lots at most W + s of room (its own setup takes the rest of
 * W + D), and every block holds a type, so the lots of one type, and all lots together, are a
 * bin-packing instance with bins of room R = W + s. For a threshold k ≤ R/2: lots over R − k
 * (J1) share a bin with no lot of at least k; lots over R/2 (J1 and J2) never share one with
 * each other; lots in [k, R/2] (J3) fit only the room J2's bins leave or other bins. So
 *   bins ≥ |J1| + |J2| + ⌈(Σ J3 − (|J2|·R − Σ J2)) / R⌉.
 * The per-type counts bound the type slots, the all-types count the blocks; the continuous
 * bound then prices the cheapest (blocks, type slots) pair that allows.
 *
 * Sizes are in hours; a lot counts as not fitting only beyond R plus a tolerance wider than
 * the rules', so float noise can only weaken the bound, never make it wrong.
 */
import type { LineConfig, Lot } from "../model.ts";
import { ceilCount, lotSize, packingTerms } from "../packing/mod.ts";
import { type ContinuousBoundDetail, continuousBoundDetail } from "./continuous.ts";

/** Room, hours, beyond which two lots are taken not to fit (wider than any validation tolerance). */
const FIT_TOL = 1e-6;

/**
 * The fewest bins of room `room` that hold `sizes` (L2, the best threshold); `sizes` is sorted
 * ascending in place. O(n log n).
 */
export function largeLotsBins(sizes: Float64Array, room: number): number {
  const n = sizes.length;
  if (n === 0) return 0;
  sizes.sort();
  const cap = room + FIT_TOL;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sizes[i]!;
  // Lots past `half` are pairwise too large to share; lots at or below it may.
  const half = firstAbove(sizes, cap / 2);
  let best = ceilCount(prefix[n]! / cap);
  // Thresholds k: 0 and every size up to half the room (others give the same sets).
  for (let lo = 0; lo <= half; lo++) {
    if (lo > 0 && lo < half && sizes[lo] === sizes[lo - 1]) continue;
    const k = lo < half ? sizes[lo]! : cap / 2;
    // J1: above cap − k (can take no J3 lot); J2: the large lots up to it; J3: [k, half).
    const j1 = firstAbove(sizes, cap - k);
    const j1Count = n - Math.max(j1, half);
    const j2Count = Math.max(0, j1 - half);
    const j2Sum = prefix[Math.max(j1, half)]! - prefix[half]!;
    const j3Sum = prefix[half]! - prefix[lo]!;
    const rest = Math.max(0, ceilCount((j3Sum - (j2Count * cap - j2Sum)) / cap));
    best = Math.max(best, j1Count + j2Count + rest);
    if (lo === half) break;
  }
  return best;
}

/** Index of the first size > x in ascending `sizes` (n when none). */
function firstAbove(sizes: Float64Array, x: number): number {
  let lo = 0, hi = sizes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sizes[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The large-lots bound in hours, with its parts (as the continuous bound's detail). */
export function largeLotsBoundDetail(
  lots: readonly Lot[],
  config: LineConfig,
  minBlocks = 1,
): ContinuousBoundDetail {
  const room = config.windowHours + packingTerms(config).perLot;
  const byType = new Map<string, number[]>();
  const all = new Float64Array(lots.length);
  lots.forEach((lot, i) => {
    const size = lotSize(lot, config);
    all[i] = size;
    const list = byType.get(lot.type);
    if (list) list.push(size);
    else byType.set(lot.type, [size]);
  });
  const typeBlocks = new Map<string, number>();
  for (const [type, sizes] of byType) {
    typeBlocks.set(type, largeLotsBins(Float64Array.from(sizes), room));
  }
  return continuousBoundDetail(lots, config, {
    minBlocks: Math.max(minBlocks, largeLotsBins(all, room)),
    typeBlocks,
  });
}

/** The large-lots bound in hours (0 for no lots); never below the continuous bound. */
export function largeLotsBound(lots: readonly Lot[], config: LineConfig): number {
  return largeLotsBoundDetail(lots, config).hours;
}

/** Rough cost of the bound, ms: it sorts every lot twice (measured ~0.5 µs per lot). */
export function largeLotsMs(lots: number): number {
  return lots * 2e-3;
}
