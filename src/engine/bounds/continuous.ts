/**
 * The continuous lower bound of the bin-packing-with-setups form:
 * makespan = F + s·n + (D − s)·T + (C − D)·B with B blocks and T = Σ types per block.
 * Each block holds Σ(fill + s) + (D − s)·types ≤ W + D, so a type t needs
 * b_t ≥ ⌈(F_t + s·n_t) / (W + s)⌉ blocks and T ≥ Σ b_t; and B ≥ ⌈(F + s·n + (D − s)·T) / (W + D)⌉.
 * Rounding b_t and B up is valid because both count blocks (integers).
 */
import type { LineConfig, Lot } from "../model.ts";
import { fillHours } from "../rules.ts";
import { ceilCount } from "../packing/mod.ts";

/** One type's share of the continuous bound: the fewest blocks its lots can occupy. */
export interface TypeNeed {
  readonly type: string;
  readonly lots: number;
  readonly fillHours: number;
  /** ⌈(fill + chgSame·lots) / (window + chgSame)⌉, at least 1 (or a count known from elsewhere). */
  readonly minBlocks: number;
}

/**
 * The continuous bound with every number it is made of, so it can be explained and re-checked:
 * hours = fill + chgSame·lots + (chgDiff − chgSame)·typeSlots + (clean − chgDiff)·blocks.
 */
export interface ContinuousBoundDetail {
  readonly hours: number;
  readonly lots: number;
  readonly fillHours: number;
  readonly perType: readonly TypeNeed[];
  /** Σ minBlocks over the types: type slots no packing can go below. */
  readonly minTypeSlots: number;
  /** The type slots and blocks of the cheapest (typeSlots, blocks) pair the bound allows. */
  readonly typeSlots: number;
  readonly blocks: number;
}

/** The continuous bound in hours (0 for no lots). */
export function continuousBound(lots: readonly Lot[], config: LineConfig): number {
  return continuousBoundDetail(lots, config).hours;
}

/** Block counts known from elsewhere, which the bound then takes as floors. */
export interface BlockFloors {
  /** The fewest blocks. */
  readonly minBlocks?: number;
  /** The fewest blocks holding each type (by type name). */
  readonly typeBlocks?: ReadonlyMap<string, number>;
}

/** The continuous bound and its parts, with block counts known from elsewhere as floors. */
export function continuousBoundDetail(
  lots: readonly Lot[],
  config: LineConfig,
  floors: BlockFloors = {},
): ContinuousBoundDetail {
  const minBlocks = floors.minBlocks ?? 1;
  const { chgSameHours: s, chgDiffHours: d, windowHours: w, cleanHours: c } = config;
  const perType = new Map<string, { fill: number; n: number }>();
  let fill = 0;
  for (const lot of lots) {
    const f = fillHours(lot, config);
    fill += f;
    const t = perType.get(lot.type) ?? { fill: 0, n: 0 };
    t.fill += f;
    t.n++;
    perType.set(lot.type, t);
  }
  const needs: TypeNeed[] = [...perType].map(([type, t]) => ({
    type,
    lots: t.n,
    fillHours: t.fill,
    minBlocks: Math.max(
      1,
      ceilCount((t.fill + s * t.n) / (w + s)),
      floors.typeBlocks?.get(type) ?? 0,
    ),
  }));
  const typesMin = needs.reduce((a, t) => a + t.minBlocks, 0);
  const n = lots.length;
  if (n === 0) {
    return {
      hours: 0,
      lots: 0,
      fillHours: 0,
      perType: [],
      minTypeSlots: 0,
      typeSlots: 0,
      blocks: 0,
    };
  }
  // Cost of (B, T): fixed + (d − s)·T + (c − d)·B with T ≥ max(typesMin, B) and B ≥ need(T).
  const need = (types: number) =>
    Math.max(1, ceilCount((fill + s * n + (d - s) * types) / (w + d)));
  let best = Infinity, bestB = 0, bestT = 0;
  // Raising T only raises need(T), so the optimum has T = max(typesMin, B); scan a few B.
  const b0 = Math.max(need(typesMin), minBlocks);
  for (let b = b0; b <= b0 + n; b++) {
    const types = Math.max(typesMin, b);
    if (need(types) > b) continue;
    const cost = fill + s * n + (d - s) * types + (c - d) * b;
    if (cost < best) [best, bestB, bestT] = [cost, b, types];
    if (c - d >= 0) break; // more blocks only cost more
  }
  return {
    hours: best,
    lots: n,
    fillHours: fill,
    perType: needs,
    minTypeSlots: typesMin,
    typeSlots: bestT,
    blocks: bestB,
  };
}
