/**
 * The pick rule of smart-pack and hybrid-pack: score every fitting lot, re-score the best few
 * with a one-step look-ahead, take the best. Scoring all n lots per pick would be quadratic, so
 * only the lots that can be best are scored, exactly:
 *
 * Within one type the changeover is fixed and the score depends on the fill alone, by one formula
 * on each side of the "unusable slack" threshold (a larger fill leaves less room, so once no
 * remaining lot fits after a candidate, none fits after a longer one). On each side the score is
 * strictly increasing in fill (window use grows faster than the fill weight, < 1, takes away)
 * or, with hybrid's SPT bonus w/fill, strictly convex. Either way the best `beam` lots of a side
 * are among its `beam` shortest and its `beam` longest, found in a per-type list sorted by
 * (fill, position) with a presence tree. The type's shortest lot is scored on its own, since the
 * "no remaining lot fits" test of that lot alone must look at its type's second shortest.
 *
 * Ties (equal scores or totals) go to the lot earlier in the pool (input order), so every plan is
 * deterministic; lots of one type with equal fills have bit-identical scores.
 */
import type { LineConfig } from "../model.ts";
import { fitsWindow } from "../rules.ts";
import { chgOf, type Picker, type Pool } from "./_pack_loop.ts";
import { lastWhere, presentFrom, presentUpTo, TypeBuckets } from "./_type_buckets.ts";

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

/** Per-state facts every candidate's score needs, computed once per state in O(types · log n). */
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
  const types = pool.typeNames.length;
  const top = new StateFacts(types);
  const ahead = new StateFacts(types);
  const stamp = new Int32Array(pool.fill.length);
  let generation = 0;
  const beam = Math.max(1, Math.floor(w.beamWidth));
  const shortLimit = w.shortFraction * config.windowHours;
  const { chgSameHours: same, chgDiffHours: diff, windowHours: window } = config;

  const load = (st: StateFacts, prevType: number, used: number) => {
    st.prevType = prevType;
    st.used = used;
    st.bestType = -1;
    st.bestMin = Infinity;
    st.secondMin = Infinity;
    for (let u = 0; u < types; u++) {
      const b = buckets.buckets[u]!;
      const i0 = b.count > 0 ? b.present.kth(1) : -1;
      const i1 = b.count > 1 ? b.present.kth(2) : -1;
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
    fitsWindow(ua, same + sameMin, config) ||
    fitsWindow(ua, diff + (u === st.bestType ? st.secondMin : st.bestMin), config);

  const consider = (st: StateFacts, u: number, i: number, chg: number) => {
    const b = buckets.buckets[u]!;
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

  /** Scores the `k` shortest and `k` longest present lots of sorted range [lo, hi], bar i0. */
  const ends = (st: StateFacts, u: number, lo: number, hi: number, k: number, chg: number) => {
    if (lo > hi) return;
    const b = buckets.buckets[u]!;
    const i0 = st.first[u]!;
    let taken = 0;
    for (let i = presentFrom(b, lo); i >= 0 && i <= hi && taken < k; i = presentFrom(b, i + 1)) {
      if (i !== i0) {
        consider(st, u, i, chg);
        taken++;
      }
    }
    // From the longest down, group by group; inside a group of equal fills, earliest first.
    taken = 0;
    for (let j = presentUpTo(b, hi); j >= lo && taken < k;) {
      const g = Math.max(b.groupStart[j]!, lo);
      for (let i = presentFrom(b, g); i >= 0 && i <= j && taken < k; i = presentFrom(b, i + 1)) {
        if (i !== i0) {
          consider(st, u, i, chg);
          taken++;
        }
      }
      j = presentUpTo(b, g - 1);
    }
  };

  /** Fills st.pos / st.score with a set of candidates that contains the best `k` of the state. */
  const gather = (st: StateFacts, k: number) => {
    generation++;
    st.pos.length = 0;
    st.score.length = 0;
    for (let u = 0; u < types; u++) {
      const b = buckets.buckets[u]!;
      if (b.count === 0) continue;
      const chg = chgOf(st.prevType, u, config);
      const used = st.used;
      const fitHi = lastWhere(b, (f) => fitsWindow(used, chg + f, config));
      if (fitHi < 0) continue;
      const i0 = st.first[u]!;
      if (i0 <= fitHi) consider(st, u, i0, chg);
      const s1 = st.s1[u]!;
      const useHi = lastWhere(b, (f) => usable(st, u, used + (chg + f), s1));
      ends(st, u, 0, Math.min(useHi, fitHi), k, chg);
      ends(st, u, Math.max(useHi + 1, 0), fitHi, k, chg);
    }
  };

  /** Index into st.pos of the best candidate: highest score, then earliest position. */
  const bestOf = (st: StateFacts) => {
    let best = -1;
    for (let c = 0; c < st.pos.length; c++) {
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
      if (top.pos.length === 0) return -1;
      if (beam === 1 || w.lookAheadWeight === 0) return top.pos[bestOf(top)]!;
      const order = top.pos.map((_, c) => c).sort((a, b) =>
        top.score[b]! - top.score[a]! || top.pos[a]! - top.pos[b]!
      ).slice(0, beam);
      let bestPos = -1, bestTotal = -Infinity;
      for (const c of order) {
        const p = top.pos[c]!;
        const t = pool.type[p]!;
        buckets.remove(p);
        load(ahead, t, used + (chgOf(prevType, t, config) + pool.fill[p]!));
        gather(ahead, 1);
        const follow = ahead.pos.length ? ahead.score[bestOf(ahead)]! : 0;
        buckets.restore(p);
        const total = top.score[c]! + w.lookAheadWeight * follow;
        if (total > bestTotal || (total === bestTotal && p < bestPos)) {
          bestTotal = total;
          bestPos = p;
        }
      }
      return bestPos;
    },
    take(pos) {
      buckets.remove(pos);
    },
  };
}
