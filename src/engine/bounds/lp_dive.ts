/**
 * A packing read off the pattern LP by diving: solve the LP (column generation), fix its blocks
 * with λ ≥ 1 (or, when there are none, its largest one), and solve again over the lots left,
 * until none are. Where the rounded-up LP equals the optimum (most classical bin packing) the
 * LP's blocks are nearly all in some optimal packing, and fixing them a few at a time finds one
 * where local search stalls a block above: Scholl's N500C3W3_00 in 6 LPs (216 bins, local search
 * 217 at 2 s) and Schwerin's schwerin1_030 in 7 (18 bins, local search 19).
 */
import type { LineConfig, Lot } from "../model.ts";
import { budgetOf, type Clock, msLeft, spent, wallClock } from "../budget.ts";
import { lotSize, packingTerms } from "../packing/mod.ts";
import { columnGenerationBound } from "./column_generation.ts";

export interface DiveOptions {
  /** Time allowed, ms: a dive not done by then gives no packing. */
  readonly budgetMs: number;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /**
   * The makespan to beat (a known schedule's): the dive gives up as soon as its blocks so far
   * and the LP bound of the lots left reach it, since it can then only match it at best.
   */
  readonly cutoffHours?: number;
}

/** λ within this of a whole number counts as that number. */
const WHOLE_EPS = 1e-6;
/** Hours by which a dive's bound must stay below the cutoff to go on (float noise). */
const CUTOFF_EPS = 1e-6;

/** The dive's packing (blocks of lots), or null when it ran out of time or was aborted. */
export async function lpDive(
  lots: readonly Lot[],
  config: LineConfig,
  opts: DiveOptions,
): Promise<Lot[][] | null> {
  const budget = budgetOf(opts.budgetMs, opts.clock ?? wallClock);
  const blocks: Lot[][] = [];
  const terms = packingTerms(config);
  const cutoff = opts.cutoffHours ?? Infinity;
  // What the fixed blocks cost (the makespan is the sum of the block costs).
  let fixedHours = 0;
  let left = [...lots];
  // The last LP's other blocks, over the lots left: they seed the next LP, nearly its solution.
  let seed: Lot[][] = [];
  while (left.length) {
    if (spent(budget) || opts.signal?.aborted) return null;
    // Without exchange columns: the solution's blocks are then the lots it covers.
    const lp = await columnGenerationBound(left, config, {
      budgetMs: msLeft(budget),
      exchanges: false,
      ...(seed.length ? { incumbent: seed } : {}),
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (!lp.form || !lp.solution.length) return null;
    if (fixedHours + lp.lowerBoundHours >= cutoff - CUTOFF_EPS) return null;
    // The lots of each group still to place; a fixed block takes them (as many as it has room
    // for: blocks with λ ≥ 1 may cover a group more than once over).
    const free = lp.form.groups.map((g) => [...g.lots]);
    const fix = (pattern: readonly (readonly [number, number])[]) => {
      const block = pattern.flatMap(([g, k]) => free[g]!.splice(0, k));
      if (!block.length) return false;
      blocks.push(block);
      fixedHours += terms.blockCost + terms.setup * new Set(block.map((l) => l.type)).size;
      for (const l of block) fixedHours += lotSize(l, config);
      return true;
    };
    const columns = [...lp.solution].sort((x, y) => y.value - x.value);
    let fixed = false;
    for (const c of columns) {
      for (let k = 0; k < Math.floor(c.value + WHOLE_EPS); k++) fixed = fix(c.pattern) || fixed;
    }
    // All fractional: the largest one, so that every round places lots.
    for (const c of columns) {
      if (fixed) break;
      fixed = fix(c.pattern);
    }
    if (!fixed) return null;
    left = free.flat();
    seed = columns.flatMap((c) =>
      c.pattern.every(([g, k]) => free[g]!.length >= k)
        ? [c.pattern.flatMap(([g, k]) => free[g]!.slice(0, k))]
        : []
    );
  }
  return blocks;
}
