/**
 * Straightforward reference versions of the packing heuristics, written from domain.md's rules
 * with plain arrays and full scans (O(n²) and worse), to prove the fast versions decide the same.
 * They share only the score formula (`scoreCandidate`) with the code under test; every search,
 * fit test and "unusable slack" test is done here by brute force.
 */
import type { LineConfig, Lot } from "../../../src/engine/model.ts";
import { changeoverHours, fillHours, fitsWindow } from "../../../src/engine/rules.ts";
import { scoreCandidate, type ScoreWeights } from "../../../src/engine/strategies/_score_pick.ts";
import { random } from "../../../scripts/_random.ts";

/** spt/lpt/cfs pick rule: first lot of the current type that fits, else the first that fits. */
export function refFirstFit(ordered: readonly Lot[], config: LineConfig): Lot[][] {
  const pool = [...ordered];
  const plan: Lot[][] = [];
  let block: Lot[] = [];
  let prev: string | null = null;
  let used = 0;
  const add = (l: Lot) => changeoverHours(prev, l.type, config) + fillHours(l, config);
  while (pool.length) {
    let k: number = prev === null
      ? -1
      : pool.findIndex((l) => l.type === prev && fitsWindow(used, add(l), config));
    if (k < 0) k = pool.findIndex((l) => fitsWindow(used, add(l), config));
    if (k < 0) {
      plan.push(block);
      block = [];
      prev = null;
      used = 0;
      continue;
    }
    const lot: Lot = pool.splice(k, 1)[0]!;
    used = used + add(lot);
    prev = lot.type;
    block.push(lot);
  }
  if (block.length) plan.push(block);
  return plan;
}

interface Item {
  readonly lot: Lot;
  readonly pos: number;
  readonly type: number;
  readonly fill: number;
}

/** Scores of every fitting item in `pool` for a block at `used` after type `prev`. */
function scoreAll(
  pool: readonly Item[],
  prev: Item | null,
  used: number,
  config: LineConfig,
  w: ScoreWeights,
): { item: Item; score: number }[] {
  const prevName = prev?.lot.type ?? null;
  const out: { item: Item; score: number }[] = [];
  for (const c of pool) {
    const chg = changeoverHours(prevName, c.lot.type, config);
    if (!fitsWindow(used, chg + c.fill, config)) continue;
    const ua = used + (chg + c.fill);
    const others = pool.filter((d) => d !== c);
    const canFill = others.some((d) =>
      fitsWindow(ua, changeoverHours(c.lot.type, d.lot.type, config) + d.fill, config)
    );
    const slack = others.length === 0 || canFill ? 0 : Math.max(0, config.windowHours - ua);
    const hasShort = pool.some((d) =>
      d.type === c.type && d.fill <= w.shortFraction * config.windowHours
    );
    const score = scoreCandidate(
      w,
      config,
      prev ? prev.type : -1,
      used,
      c.type,
      chg,
      c.fill,
      slack,
      hasShort,
    );
    out.push({ item: c, score });
  }
  return out;
}

/** smart/hybrid pick rule: score all, look ahead one step on the best `beamWidth`, take the best. */
export function refScorePack(lots: readonly Lot[], config: LineConfig, w: ScoreWeights): Lot[][] {
  const typeOf = new Map<string, number>();
  let pool: Item[] = lots.map((lot, pos) => {
    if (!typeOf.has(lot.type)) typeOf.set(lot.type, typeOf.size);
    return { lot, pos, type: typeOf.get(lot.type)!, fill: fillHours(lot, config) };
  });
  const plan: Lot[][] = [];
  let block: Lot[] = [];
  let prev: Item | null = null;
  let used = 0;
  while (pool.length) {
    const scored = scoreAll(pool, prev, used, config, w);
    if (scored.length === 0) {
      plan.push(block);
      block = [];
      prev = null;
      used = 0;
      continue;
    }
    scored.sort((a, b) => b.score - a.score || a.item.pos - b.item.pos);
    let best: Item | null = null;
    let bestTotal = -Infinity;
    for (const { item, score } of scored.slice(0, w.beamWidth)) {
      const chg = changeoverHours(prev?.lot.type ?? null, item.lot.type, config);
      const after = used + (chg + item.fill);
      const rest = pool.filter((d) => d !== item);
      const follow = scoreAll(rest, item, after, config, w).map((s) => s.score);
      const total = score + w.lookAheadWeight * (follow.length ? Math.max(...follow) : 0);
      if (total > bestTotal || (total === bestTotal && item.pos < best!.pos)) {
        bestTotal = total;
        best = item;
      }
    }
    const pick = best!;
    used = used + (changeoverHours(prev?.lot.type ?? null, pick.lot.type, config) + pick.fill);
    prev = pick;
    block.push(pick.lot);
    pool = pool.filter((d) => d !== pick);
  }
  if (block.length) plan.push(block);
  return plan;
}

/** A random instance: the line and lots, drawn to hit ties, exact fits and edge shapes. */
export interface Instance {
  readonly name: string;
  readonly config: LineConfig;
  readonly lots: Lot[];
}

/** The `k`-th random instance of a seeded family that cycles through edge shapes. */
export function randomInstance(seed: number): Instance {
  const r = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const shape = seed % 7;
  const n = int(1, shape === 6 ? 40 : 18);
  // Integer hours (rate 1) make exact fits and equal scores common.
  let config: LineConfig = {
    fillRateVph: 1,
    cleanHours: 5,
    windowHours: int(6, 20),
    chgSameHours: int(0, 2),
    chgDiffHours: 0,
  };
  config = { ...config, chgDiffHours: config.chgSameHours + int(0, 3) };
  let types = int(1, 4);
  let vials = () => int(1, config.windowHours);
  if (shape === 1) types = 1; // one type
  if (shape === 2) types = n; // every lot its own type
  if (shape === 3) {
    const few = [int(1, 4), int(2, 6), config.windowHours]; // equal fills, and a full-window lot
    vials = () => few[int(0, 2)]!;
  }
  if (shape === 4) {
    // Real-world rates: fractional hours, no exact ties except equal vials.
    config = {
      fillRateVph: 19_920,
      cleanHours: 24,
      windowHours: 120,
      chgSameHours: 4,
      chgDiffHours: 8,
    };
    vials = () => int(1, 40) * 50_000;
  }
  if (shape === 5) {
    config = { ...config, fillRateVph: 3 }; // thirds of hours
    vials = () => int(1, config.windowHours * 3);
  }
  const lots: Lot[] = [];
  for (let i = 0; i < n; i++) {
    const t = shape === 2 ? i : int(0, types - 1);
    lots.push({
      id: `L${String(int(0, 999)).padStart(3, "0")}-${i}`,
      type: `T${t}`,
      vials: vials(),
    });
  }
  return { name: `seed ${seed} shape ${shape} n ${n}`, config, lots };
}

/** A plan as lot IDs, for readable comparisons. */
export function ids(plan: readonly (readonly Lot[])[]): string[][] {
  return plan.map((b) => b.map((l) => l.id));
}
