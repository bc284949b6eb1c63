/**
 * More columns per master LP: after pricing found the best pattern, price again without the
 * groups it used, and again, so each round adds a good pattern over other lots. A master LP
 * costs far more than a pricing on most instances (10–40 ms against well under 1 ms where the
 * exact table prices), and patterns that together cover many lots move every dual at once, so
 * column generation needs fewer LPs.
 */
import type { PackingForm } from "../packing/mod.ts";
import type { Budget } from "../budget.ts";
import { type PatternSearch, patternSearch, type PricedPattern } from "./pricing.ts";
import { knapsackPricing } from "./knapsack_pricing.ts";

/**
 * Search nodes of one round: a round needs a good pattern, not a proof that none is better, and
 * the best is usually met early (a full search took 5–20 ms near convergence on 200 lots).
 */
const ROUND_NODES = 20_000;

/**
 * Patterns with profit above `threshold` at `values`, each over groups none of the others (nor
 * `first`, the patterns pricing already found) use; pricing rounds stop at the budget's end,
 * after `rounds`, or when none is found.
 */
export function disjointPatterns(
  form: PackingForm,
  values: readonly number[],
  threshold: number,
  first: readonly PricedPattern[],
  rounds: number,
  budget: Budget,
): PricedPattern[] {
  const masked = [...values];
  const without = new Set<number>();
  // A group valued at its size has no profit: pricing leaves it out.
  const exclude = (p: PricedPattern) => {
    for (const g of p.groups) {
      masked[g] = Math.min(masked[g]!, form.groups[g]!.size);
      without.add(g);
    }
  };
  const best = first.at(-1);
  if (!best) return [];
  exclude(best);
  // Where the exact table does not price (large capacities), one search's table serves every
  // round: its bound over all groups still holds without some of them.
  let search: PatternSearch | null | undefined;
  const price = () => {
    const table = threshold >= 0 ? knapsackPricing(form, masked, threshold, budget) : null;
    if (table) return table;
    search ??= patternSearch(form, values, { budget });
    return search?.({ threshold, budget, without, nodeLimit: ROUND_NODES }) ?? null;
  };
  const out: PricedPattern[] = [];
  for (let r = 0; r < rounds && budget.now() < budget.end; r++) {
    const top = price()?.patterns.at(-1);
    if (!top) break;
    out.push(top);
    exclude(top);
  }
  return out;
}
