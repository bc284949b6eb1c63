/**
 * The large-lots bound: the continuous bound (continuous.ts) with its block counts raised by
 * Martello and Toth's L2 bound for bin packing and by count (a bin holds at most as many lots as
 * its smallest ones that fit together), per type and over all types.
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
import { ceilCount, lotSize, type PackingTerms, packingTerms } from "../packing/mod.ts";
import { continuousBound, continuousBoundDetail } from "./continuous.ts";

/** Room, hours, beyond which two lots are taken not to fit (wider than any validation tolerance). */
export const FIT_TOL = 1e-6;

/** What the L2 argument finds in one set of lots. */
export interface LargeLots {
  /** The fewest bins (L2 at its best threshold). */
  readonly bins: number;
  /** The threshold k of L2's best count. */
  readonly threshold: number;
  /** Lots over half the room: pairwise too large to share a bin. */
  readonly large: number;
  /**
   * The most volume, over the thresholds, of the J3 lots beyond the room J2's bins leave: what
   * must go to bins without a large lot of this set (may be negative).
   */
  readonly excess: number;
}

/** The L2 argument on `sizes` in bins of room `room`; sorts `sizes` ascending in place. */
export function largeLotsOf(sizes: Float64Array, room: number): LargeLots {
  const n = sizes.length;
  if (n === 0) return { bins: 0, threshold: 0, large: 0, excess: 0 };
  sizes.sort();
  const cap = room + FIT_TOL;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sizes[i]!;
  // Lots past `half` are pairwise too large to share; lots at or below it may.
  const half = firstAbove(sizes, cap / 2);
  let bins = ceilCount(prefix[n]! / cap);
  // L2's best count and its threshold (ties: the one leaving most J3 volume over).
  let l2 = -1, threshold = 0, l2Over = -Infinity;
  let excess = -Infinity;
  // Thresholds k: every size up to half the room (others give the same sets), and half.
  for (let lo = 0; lo <= half; lo++) {
    if (lo > 0 && lo < half && sizes[lo] === sizes[lo - 1]) continue;
    const k = lo < half ? sizes[lo]! : cap / 2;
    // J1: above cap − k (can take no J3 lot); J2: the large lots up to it; J3: [k, half).
    const j1 = firstAbove(sizes, cap - k);
    const j1Count = n - Math.max(j1, half);
    const j2Count = Math.max(0, j1 - half);
    const j2Sum = prefix[Math.max(j1, half)]! - prefix[half]!;
    const j3Sum = prefix[half]! - prefix[lo]!;
    const over = j3Sum - (j2Count * cap - j2Sum);
    excess = Math.max(excess, over);
    const count = j1Count + j2Count + Math.max(0, ceilCount(over / cap));
    if (count > l2 || (count === l2 && over > l2Over)) [l2, threshold, l2Over] = [count, k, over];
    if (lo === half) break;
  }
  // And by count: no bin holds more lots than the smallest ones that fit together.
  bins = Math.max(bins, l2, Math.ceil(n / lotsPerBin(sizes, cap)));
  return { bins, threshold, large: n - half, excess };
}

/** The most lots of ascending `sizes` one bin of `cap` holds: the smallest ones (at least 1). */
export function lotsPerBin(sizes: ArrayLike<number>, cap: number): number {
  let used = 0;
  let k = 0;
  while (k < sizes.length && used + sizes[k]! <= cap) used += sizes[k++]!;
  return Math.max(1, k);
}

/**
 * The fewest bins of room `room` that hold `sizes` (L2, the best threshold); `sizes` is sorted
 * ascending in place. O(n log n).
 */
export function largeLotsBins(sizes: Float64Array, room: number): number {
  return largeLotsOf(sizes, room).bins;
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

/**
 * The large-lots bound in hours (0 for no lots); never below the continuous bound. With
 * `minBlocks`, it holds for schedules of at least that many blocks (one side of a split).
 */
export function largeLotsBound(lots: readonly Lot[], config: LineConfig, minBlocks = 1): number {
  if (!lots.length) return 0;
  const terms = packingTerms(config);
  const room = config.windowHours + terms.perLot;
  const byType = new Map<string, number[]>();
  const all = new Float64Array(lots.length);
  lots.forEach((lot, i) => {
    const size = lotSize(lot, config);
    all[i] = size;
    const list = byType.get(lot.type);
    if (list) list.push(size);
    else byType.set(lot.type, [size]);
  });
  const types = [...byType].map(([type, sizes]) => ({
    type,
    ...largeLotsOf(Float64Array.from(sizes), room),
  }));
  const overall = largeLotsOf(all, room);
  const fewestBlocks = Math.max(overall.bins, minBlocks);
  const floors = continuousBoundDetail(lots, config, {
    minBlocks: fewestBlocks,
    typeBlocks: new Map(types.map((t) => [t.type, t.bins])),
  }).hours;
  // The floors raise the first block count the continuous bound scans from, so with blocks
  // cheaper than type slots (a CLEAN shorter than a changeover) they may scan other counts.
  return Math.max(
    continuousBound(lots, config),
    floors,
    hostingBound(all, room, terms, types, overall, fewestBlocks),
  );
}

/**
 * The floors above let one foreign lot in a block stand for a whole block saved. Counted
 * exactly, with L large lots (one per block at most) and S blocks without one:
 *   blocks B = L + S,  type slots T = L + Σ_t (f_t + s_t),
 * f_t counting large lots' blocks of another type that hold type t, s_t the blocks without a
 * large lot that hold t (s_t ≤ S). Type t's excess (largeLotsOf) must go to those blocks: at
 * most room·s_t to the ones without a large lot and, to the foreign ones, at most the f_t
 * largest rooms (room − setup − size) any large lots leave. With T ≥ B, T ≥ Σ L2_t, B ≥ L2 and
 * the continuous inequality (room + setup)·B ≥ Σ sizes + setup·T, the cheapest
 * blockCost·B + setup·T allowed is a bound; each S takes the fewest type slots.
 * Only for blockCost ≥ 0 and setup > 0 (else more blocks may cost less, or types nothing).
 */
function hostingBound(
  sizes: Float64Array,
  room: number,
  terms: PackingTerms,
  types: readonly (LargeLots & { readonly type: string })[],
  overall: LargeLots,
  fewestBlocks: number,
): number {
  const { setup, blockCost } = terms;
  if (setup <= 0 || blockCost < 0) return 0;
  const cap = room + FIT_TOL;
  let base = 0;
  for (const x of sizes) base += x;
  // Rooms large lots leave beside a setup, largest first, as prefix sums (sizes is sorted).
  const hostRoom = [0];
  for (let i = sizes.length - overall.large; i < sizes.length; i++) {
    const r = cap - setup - sizes[i]!;
    if (r <= 0) break;
    hostRoom.push(hostRoom[hostRoom.length - 1]! + r);
  }
  /** Fewest foreign blocks whose rooms hold `volume` (Infinity when all of them cannot). */
  const hosts = (volume: number): number => {
    if (volume <= 0) return 0;
    let lo = 1, hi = hostRoom.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hostRoom[mid]! >= volume) hi = mid;
      else lo = mid + 1;
    }
    return lo < hostRoom.length ? lo : Infinity;
  };
  // Slots of type t with s of its blocks free of large lots: s + the fewest hosts it needs.
  const slots = (t: LargeLots, s: number) =>
    s + Math.max(hosts(t.excess - cap * s), t.bins - t.large - s, 0);
  const L = overall.large;
  const fewest = types.map((t) => slots(t, 0));
  let best = Infinity;
  for (let S = 0; S <= sizes.length; S++) {
    if (S > 0) types.forEach((t, k) => fewest[k] = Math.min(fewest[k]!, slots(t, S)));
    const B = L + S;
    if ((blockCost + setup) * B >= best) break;
    if (B < fewestBlocks) continue;
    const T = Math.max(B, L + fewest.reduce((a, b) => a + b, 0));
    if (!Number.isFinite(T)) continue;
    if ((cap + setup) * B < base + setup * T) continue;
    best = Math.min(best, blockCost * B + setup * T);
  }
  return Number.isFinite(best) ? base + best : 0;
}

/** Rough cost of the bound, ms: it sorts every lot twice (measured ~0.5 µs per lot). */
export function largeLotsMs(lots: number): number {
  return lots * 2e-3;
}
