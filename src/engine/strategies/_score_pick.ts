/**
 * The pick rule of smart-pack and hybrid-pack: score every fitting lot, re-score the best few
 * with a one-step look-ahead, take the best. Scoring all n lots per pick would be quadratic, so
 * only the lots that can be best are scored, exactly:
 *
 * Within one type the changeover is fixed and the score depends on the fill alone, by one formula
 * on each side of the "unusable slack" threshold (a larger fill leaves less room, so once no
 * remaining lot fits after a candidate, none fits after a longer one). On each side the score is
 * strictly increasing in fill (window use grows faster than the fill weight, < 1, takes away)
 * or, with hybrid's SPT bonus w/fill when staying on type, strictly convex. So the best `beam`
 * lots of a side are its `beam` longest, or (convex) among its `beam` shortest and `beam` longest,
 * found in a per-type list sorted by
 * (fill, position) with a presence tree. The type's shortest lot is scored on its own, since the
 * "no remaining lot fits" test of that lot alone must look at its type's second shortest.
 *
 * Ties (equal scores or totals) go to the lot earlier in the pool (input order), so every plan is
 * deterministic; lots of one type with equal fills have bit-identical scores.
 *
 * The score and the candidate search stay in one module (about 300 lines): the argument above,
 * which makes the search exact, holds only for this score.
 */
import type { LineConfig } from "../model.ts";
import { EPS_HOURS } from "../rules.ts";
import { chgOf, type Picker, type Pool } from "./_pack_loop.ts";
import { TypeBuckets } from "./_type_buckets.ts";

/** Weights of the score, in hours (smart-pack's; hybrid-pack adds its streak terms). */
export interface ScoreWeights {
  /** Switch-penalty scale at an empty window. */
  readonly scaleEmpty: number;
  /** Switch-penalty scale at a full window. */
  readonly scaleFull: number;
  /** Hours lost per hour of slack a candidate leaves unusable. */
  readonly slackWeight: number;
  /** Bonus for staying on the previous lot's type. */
  readonly stayBonus: number;
  /** Hours taken off per fill hour; must stay below 1 (see the module comment). */
  readonly fillWeight: number;
  /** How many of the best candidates get the look-ahead. */
  readonly beamWidth: number;
  /** Weight of the best follow-up score. */
  readonly lookAheadWeight: number;
  /** Extra factor on the switch penalty (hybrid: 1.1). */
  readonly penaltyMultiplier: number;
  /** Hybrid: extra bonus for staying on type. */
  readonly streakBonus: number;
  /** Hybrid: bonus sptWeight / fill when staying on type. */
  readonly sptWeight: number;
  /** Hybrid: bonus when switching to a type that has short lots waiting. */
  readonly shortBonus: number;
  /** Hybrid: a lot is short when its fill ≤ shortFraction × window. */
  readonly shortFraction: number;
}

/** smart-pack's default weights (hybrid terms off). */
export const SMART_WEIGHTS: ScoreWeights = Object.freeze({
  scaleEmpty: 1.0,
  scaleFull: 1.5,
  slackWeight: 3,
  stayBonus: 1,
  fillWeight: 0.01,
  beamWidth: 3,
  lookAheadWeight: 0.25,
  penaltyMultiplier: 1,
  streakBonus: 0,
  sptWeight: 0,
  shortBonus: 0,
  shortFraction: 0,
});

/**
 * The score of placing a lot (type `type`, `fill` hours, `chg` hours of changeover before it)
 * into a block that holds `used` hours after a lot of type `prevType` (-1 after a CLEAN).
 * `slack` is the unusable slack it leaves; `typeHasShort` whether its type has a short lot waiting.
 * Window use − switch penalty × scale − slackWeight × slack + stay bonuses − fillWeight × fill.
 */
export function scoreCandidate(
  w: ScoreWeights,
  config: LineConfig,
  prevType: number,
  used: number,
  type: number,
  chg: number,
  fill: number,
  slack: number,
  typeHasShort: boolean,
): number {
  const scale = w.scaleEmpty + (w.scaleFull - w.scaleEmpty) * (used / config.windowHours);
  let s = chg + fill - chg * scale * w.penaltyMultiplier - w.slackWeight * slack -
    w.fillWeight * fill;
  if (prevType >= 0) {
    if (type === prevType) s += w.stayBonus + w.streakBonus + w.sptWeight / fill;
    else if (typeHasShort) s += w.shortBonus;
  }
  return s;
}

/** Per-state facts every candidate's score needs, computed once per state in O(types). */
class StateFacts {
  prevType = -1;
  used = 0;
  /** Smallest / second smallest remaining fill per type (+∞ when missing). */
  readonly s1: Float64Array;
  readonly s2: Float64Array;
  /** Sorted index of each type's smallest remaining lot (-1 when the type is used up). */
  readonly first: Int32Array;
  /** The type with the smallest s1, and the two smallest s1 over all types. */
  bestType = -1;
  bestMin = Infinity;
  secondMin = Infinity;
  readonly pos: number[] = [];
  readonly score: number[] = [];

  constructor(types: number) {
    this.s1 = new Float64Array(types);
    this.s2 = new Float64Array(types);
    this.first = new Int32Array(types);
  }
}

/** The scoring picker over `pool` (smart-pack and hybrid-pack). */
export function scorePicker(pool: Pool, config: LineConfig, w: ScoreWeights): Picker {
  const buckets = new TypeBuckets(pool);
  const all = buckets.buckets;
  const types = all.length;
  const top = new StateFacts(types);
  const ahead = new StateFacts(types);
  const stamp = new Int32Array(pool.fill.length);
  let generation = 0;
  const beam = Math.max(1, Math.floor(w.beamWidth));
  const shortLimit = w.shortFraction * config.windowHours;
  const { chgSameHours: same, chgDiffHours: diff, windowHours: window } = config;
  // fitsWindow(u, a) is exactly `u + a <= limit`; inlined because it runs millions of times.
  const limit = window + EPS_HOURS;
  // Sorted index of each type's shortest and second shortest lot, refreshed when it changed.
  const first = new Int32Array(types), second = new Int32Array(types);
  const dirty = new Uint8Array(types).fill(1);
  const remove = (p: number) => {
    buckets.remove(p);
    dirty[pool.type[p]!] = 1;
  };
  const restore = (p: number) => {
    buckets.restore(p);
    dirty[pool.type[p]!] = 1;
  };

  const load = (st: StateFacts, prevType: number, used: number) => {
    st.prevType = prevType;
    st.used = used;
    st.bestType = -1;
    st.bestMin = Infinity;
    st.secondMin = Infinity;
    for (let u = 0; u < types; u++) {
      const b = all[u]!;
      if (dirty[u]) {
        first[u] = b.count > 0 ? b.present.kth(1) : -1;
        second[u] = b.count > 1 ? b.present.kth(2) : -1;
        dirty[u] = 0;
      }
      const i0 = first[u]!, i1 = second[u]!;
      st.first[u] = i0;
      const m = i0 >= 0 ? b.fill[i0]! : Infinity;
      st.s1[u] = m;
      st.s2[u] = i1 >= 0 ? b.fill[i1]! : Infinity;
      if (m < st.bestMin) {
        st.secondMin = st.bestMin;
        st.bestMin = m;
        st.bestType = u;
      } else if (m < st.secondMin) st.secondMin = m;
    }
  };

  /** Whether some other remaining lot fits after a lot of type u leaves the block at `ua`. */
  const usable = (st: StateFacts, u: number, ua: number, sameMin: number) =>
    ua + (same + sameMin) <= limit ||
    ua + (diff + (u === st.bestType ? st.secondMin : st.bestMin)) <= limit;

  const consider = (st: StateFacts, u: number, i: number, chg: number) => {
    const b = all[u]!;
    const p = b.pos[i]!;
    if (stamp[p] === generation) return;
    stamp[p] = generation;
    const f = b.fill[i]!;
    const ua = st.used + (chg + f);
    let slack = 0;
    if (buckets.left > 1) {
      const sameMin = i === st.first[u] ? st.s2[u]! : st.s1[u]!;
      if (!usable(st, u, ua, sameMin)) slack = Math.max(0, window - ua);
    }
    st.pos.push(p);
    st.score.push(
      scoreCandidate(w, config, st.prevType, st.used, u, chg, f, slack, st.s1[u]! <= shortLimit),
    );
  };

  /**
   * Scores the `k` longest present lots of sorted range [lo, hi], and the `k` shortest too when
   * the score may be convex there (the SPT bonus, which only applies when staying on type).
   * Lots are walked by rank among the present ones; rank 1, the type's shortest, is scored apart.
   */
  const ends = (st: StateFacts, u: number, lo: number, hi: number, k: number, chg: number) => {
    if (lo > hi) return;
    const b = all[u]!;
    const tree = b.present;
    let taken = 0;
    // From the longest down, group by group; inside a group of equal fills, earliest first.
    for (let c = tree.prefix(hi); c >= 2 && taken < k;) {
      const j = tree.kth(c);
      if (j < lo) break;
      const g = Math.max(b.groupStart[j]!, lo);
      if (g === j) {
        consider(st, u, j, chg);
        taken++;
        c--;
        continue;
      }
      const below = Math.max(tree.prefix(g - 1), 1);
      for (let r = below + 1; r <= c && taken < k; r++, taken++) consider(st, u, tree.kth(r), chg);
      c = below;
    }
    if (!(w.sptWeight > 0 && u === st.prevType)) return;
    taken = 0;
    for (let r = Math.max(tree.prefix(lo - 1) + 1, 2); taken < k; r++, taken++) {
      const i = tree.kth(r);
      if (i < 0 || i > hi) break;
      consider(st, u, i, chg);
    }
  };

  /** Fills st.pos / st.score with a set of candidates that contains the best `k` of the state. */
  const gather = (st: StateFacts, k: number) => {
    generation++;
    st.pos.length = 0;
    st.score.length = 0;
    const used = st.used;
    for (let u = 0; u < types; u++) {
      const b = all[u]!;
      if (b.count === 0) continue;
      const chg = chgOf(st.prevType, u, config);
      const fills = b.fill;
      // Largest sorted index that fits the window, then the largest whose slack is usable.
      let lo = 0, hi = fills.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (used + (chg + fills[mid]!) <= limit) lo = mid + 1;
        else hi = mid;
      }
      const fitHi = lo - 1;
      if (fitHi < 0) continue;
      const i0 = st.first[u]!;
      if (i0 <= fitHi) consider(st, u, i0, chg);
      const s1 = st.s1[u]!;
      lo = 0;
      hi = fitHi + 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (usable(st, u, used + (chg + fills[mid]!), s1)) lo = mid + 1;
        else hi = mid;
      }
      const useHi = lo - 1;
      ends(st, u, 0, useHi, k, chg);
      ends(st, u, useHi + 1, fitHi, k, chg);
    }
  };

  /** Index into st.pos of the best candidate not yet marked: highest score, then earliest. */
  const bestOf = (st: StateFacts, marked: Uint8Array | null) => {
    let best = -1;
    for (let c = 0; c < st.pos.length; c++) {
      if (marked?.[c]) continue;
      if (
        best < 0 || st.score[c]! > st.score[best]! ||
        (st.score[c] === st.score[best] && st.pos[c]! < st.pos[best]!)
      ) best = c;
    }
    return best;
  };

  return {
    next({ prevType, used }) {
      load(top, prevType, used);
      gather(top, beam);
      const n = top.pos.length;
      if (n === 0) return -1;
      if (beam === 1 || w.lookAheadWeight === 0) return top.pos[bestOf(top, null)]!;
      const marked = new Uint8Array(n);
      let bestPos = -1, bestTotal = -Infinity;
      for (let t = 0; t < beam && t < n; t++) {
        const c = bestOf(top, marked);
        marked[c] = 1;
        const p = top.pos[c]!;
        const type = pool.type[p]!;
        remove(p);
        load(ahead, type, used + (chgOf(prevType, type, config) + pool.fill[p]!));
        gather(ahead, 1);
        const follow = ahead.pos.length ? ahead.score[bestOf(ahead, null)]! : 0;
        restore(p);
        const total = top.score[c]! + w.lookAheadWeight * follow;
        if (total > bestTotal || (total === bestTotal && p < bestPos)) {
          bestTotal = total;
          bestPos = p;
        }
      }
      return bestPos;
    },
    take(pos) {
      remove(pos);
    },
  };
}
