/**
 * The continuous lower bound of the bin-packing-with-setups form:
 * makespan = F + s·n + (D − s)·T + (C − D)·B with B blocks and T = Σ types per block.
 * Each block holds Σ(fill + s) + (D − s)·types ≤ W + D, so a type t needs
 * b_t ≥ ⌈(F_t + s·n_t) / (W + s)⌉ blocks and T ≥ Σ b_t; and B ≥ ⌈(F + s·n + (D − s)·T) / (W + D)⌉.
 * Rounding b_t and B up is valid because both count blocks (integers).
 */
import type { LineConfig, Lot } from "../model.ts";
import { fillHours } from "../rules.ts";

/** Tolerance before rounding a block count up, so float noise never adds a block. */
const ROUND_EPS = 1e-9;

export function ceilCount(x: number): number {
  return Math.ceil(x - ROUND_EPS);
}

/** The continuous bound in hours (0 for no lots). */
export function continuousBound(lots: readonly Lot[], config: LineConfig): number {
  if (lots.length === 0) return 0;
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
  let typesMin = 0;
  for (const t of perType.values()) {
    typesMin += Math.max(1, ceilCount((t.fill + s * t.n) / (w + s)));
  }
  const n = lots.length;
  // Cost of (B, T): fixed + (d − s)·T + (c − d)·B with T ≥ max(typesMin, B) and B ≥ need(T).
  const need = (types: number) =>
    Math.max(1, ceilCount((fill + s * n + (d - s) * types) / (w + d)));
  let best = Infinity;
  // Raising T only raises need(T), so the optimum has T = max(typesMin, B); scan a few B.
  const b0 = need(typesMin);
  for (let b = b0; b <= b0 + n; b++) {
    const types = Math.max(typesMin, b);
    if (need(types) > b) continue;
    const cost = fill + s * n + (d - s) * types + (c - d) * b;
    best = Math.min(best, cost);
    if (c - d >= 0) break; // more blocks only cost more
  }
  // Activities total: fills + changeovers + cleans; the first lot of a block has no changeover.
  return best;
}
