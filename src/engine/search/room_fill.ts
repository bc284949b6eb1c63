/**
 * Room filling, a minimum-bin-slack construction: the longest lot left opens a block, then the
 * room it leaves is filled as tightly as it can be, one or two lots at a time, before the next
 * block opens. Where blocks hold about two lots (half the lots too long to share a block) this
 * is far better than first or best fit: each long lot gets the filler that leaves least slack,
 * rather than the first one that fits.
 *
 * Types: a lot of another type takes a setup of room and costs a type slot, so it counts only
 * for the fill it adds less `typePenalty` (hours of fill a type slot is worth; see
 * defaultTypePenalty). Queries run on per-type sorted sizes with deletions skipped by a
 * union-find, so a fill costs O(types · log n) plus a few pair probes.
 */
import type { Instance } from "../packing/mod.ts";

/** Largest fitting lots tried as the first of a pair (the second is then the best fit). */
const PAIR_PROBES = 12;
/** Other types given a pair search per fill (the ones whose best single fills most). */
const PAIR_TYPES = 3;

/** One type's lots by size, ascending, with deleted ones skipped (union-find to the left). */
class SortedLots {
  readonly lots: Int32Array;
  readonly sizes: Float64Array;
  /** up[k + 1]: a position ≤ k, the largest alive one after compression (0 = none). */
  readonly #up: Int32Array;
  readonly #dead: Uint8Array;
  /** No alive position is below this one. */
  #lowest = 0;
  alive: number;
  /** Records each lot's position in `at` (indexed by lot). */
  constructor(lots: Int32Array, size: Float64Array, at: Int32Array) {
    this.lots = Int32Array.from(lots).sort((a, b) => size[a]! - size[b]! || a - b);
    this.lots.forEach((i, k) => at[i] = k);
    this.sizes = Float64Array.from(this.lots, (i) => size[i]!);
    this.#up = Int32Array.from({ length: this.lots.length + 1 }, (_, k) => k);
    this.#dead = new Uint8Array(this.lots.length);
    this.alive = this.lots.length;
  }
  /** Size of the smallest alive lot (Infinity when none). */
  smallest(): number {
    while (this.#lowest < this.#dead.length && this.#dead[this.#lowest]) this.#lowest++;
    return this.#lowest < this.sizes.length ? this.sizes[this.#lowest]! : Infinity;
  }
  /** Largest alive position ≤ k, or −1. */
  prev(k: number): number {
    const up = this.#up;
    let r = k + 1;
    while (up[r] !== r) r = up[r]!;
    // Path compression.
    let x = k + 1;
    while (up[x] !== r) {
      const next = up[x]!;
      up[x] = r;
      x = next;
    }
    return r - 1;
  }
  /** Largest alive position with size ≤ room, or −1. */
  fit(room: number): number {
    const s = this.sizes;
    let lo = 0, hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! <= room) lo = mid + 1;
      else hi = mid;
    }
    return this.prev(lo - 1);
  }
  remove(k: number): void {
    this.#up[k + 1] = k;
    this.#dead[k] = 1;
    this.alive--;
  }
}

/** A choice of one or two positions in one type's lots, and the fill they add. */
interface Pick {
  readonly type: number;
  readonly at: readonly number[];
  readonly fill: number;
}

/** Best single and best pair (by probing the largest fitting firsts) of `lots` in `room`. */
function bestFits(lots: SortedLots, type: number, room: number, pairs: boolean): Pick[] {
  const first = lots.fit(room);
  if (first < 0) return [];
  const out: Pick[] = [{ type, at: [first], fill: lots.sizes[first]! }];
  if (!pairs) return out;
  let best: Pick | null = null;
  for (let y = first, probes = 0; y >= 0 && probes < PAIR_PROBES; y = lots.prev(y - 1), probes++) {
    const sy = lots.sizes[y]!;
    let z = lots.fit(room - sy);
    if (z === y) z = lots.prev(y - 1);
    if (z < 0) continue;
    const fill = sy + lots.sizes[z]!;
    if (!best || fill > best.fill) best = { type, at: [y, z], fill };
  }
  if (best) out.push(best);
  return out;
}

/**
 * Hours of fill one type slot is worth: its cost (setupHours) at the rate a block's cost buys
 * room (cap / (blockCost + setupHours)), plus the room its setup takes. 0 when types are free.
 */
export function defaultTypePenalty(inst: Instance): number {
  if (inst.setupHours <= 0) return 0;
  const room = inst.capacity - inst.setup;
  const perBlock = Math.max(1e-9, inst.blockCost + inst.setupHours);
  // In units of size (vials or hours): hours of cost times size per hour of cost.
  return inst.setupHours * (room / perBlock) + inst.setup;
}

/** Rough time of roomFill on `lots` lots, ms (measured 10–20 ms per 1,000 on a shared machine). */
export function roomFillMs(lots: number): number {
  return lots * 0.015;
}

/** Packs every lot by room filling; blocks are lists of lot indices. */
export function roomFill(inst: Instance, typePenalty = defaultTypePenalty(inst)): number[][] {
  const { size, type, capacity, setup } = inst;
  const at = new Int32Array(inst.n);
  const byType = inst.lotsByType.map((l) => new SortedLots(l, size, at));
  const order = Int32Array.from({ length: inst.n }, (_, i) => i)
    .sort((a, b) => size[b]! - size[a]! || a - b);
  const used = new Uint8Array(inst.n);
  const take = (t: number, k: number, block: number[], types: Set<number>) => {
    const lots = byType[t]!;
    const i = lots.lots[k]!;
    lots.remove(k);
    used[i] = 1;
    block.push(i);
    types.add(t);
  };
  const blocks: number[][] = [];
  for (const opener of order) {
    if (used[opener]) continue;
    const t0 = type[opener]!;
    const block: number[] = [];
    const types = new Set<number>();
    take(t0, at[opener]!, block, types);
    let load = size[opener]! + setup;
    for (;;) {
      const room = capacity - load;
      // Candidates: the block's types at no extra cost, other types less a setup and penalty.
      const picks: { pick: Pick; value: number }[] = [];
      const singles: { t: number; fill: number }[] = [];
      for (let t = 0; t < byType.length; t++) {
        const lots = byType[t]!;
        if (!lots.alive) continue;
        const has = types.has(t);
        const r = has ? room : room - setup;
        if (has) {
          for (const pick of bestFits(lots, t, r, true)) picks.push({ pick, value: pick.fill });
        } else {
          const k = lots.fit(r);
          if (k >= 0) singles.push({ t, fill: lots.sizes[k]! });
        }
      }
      singles.sort((a, b) => b.fill - a.fill || a.t - b.t);
      singles.forEach(({ t }, rank) => {
        const r = room - setup;
        for (const pick of bestFits(byType[t]!, t, r, rank < PAIR_TYPES)) {
          picks.push({ pick, value: pick.fill - typePenalty });
        }
      });
      if (!picks.length) break;
      // The largest single leaves room for more: take it and fill again; else finish with
      // the best single or pair.
      let best = picks[0]!;
      for (const p of picks) if (p.value > best.value) best = p;
      const single = picks.filter((p) => p.pick.at.length === 1)
        .reduce((a, b) => (b.value > a.value ? b : a));
      const after = room - single.pick.fill - (types.has(single.pick.type) ? 0 : setup);
      const more = after >= smallestAlive(byType);
      if (best.value <= 0 && !types.has(best.pick.type)) break;
      const chosen = more && single.value > 0 ? single : best;
      if (!types.has(chosen.pick.type)) load += setup;
      // Positions are removed largest first so the smaller one's index stays valid.
      for (const k of [...chosen.pick.at].sort((a, b) => b - a)) {
        take(chosen.pick.type, k, block, types);
        load += byType[chosen.pick.type]!.sizes[k]!;
      }
      if (!more || chosen !== single) break;
    }
    blocks.push(block);
  }
  return blocks;
}

/** Size of the smallest alive lot over all types (Infinity when none). */
function smallestAlive(byType: readonly SortedLots[]): number {
  let min = Infinity;
  for (const l of byType) min = Math.min(min, l.smallest());
  return min;
}
