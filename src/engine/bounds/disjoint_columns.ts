/**
 * More columns per master LP: after pricing found the best pattern, price again without the
 * groups it used, and again, so each round adds a good pattern over other lots. A master LP
 * costs far more than a pricing on most instances (10–40 ms against well under 1 ms where the
 * exact table prices), and patterns that together cover many lots move every dual at once, so
 * column generation needs fewer LPs.
 */
import type { PackingForm } from "../packing/mod.ts";
import type { Budget } from "../budget.ts";
import { type PricedPattern, pricePatterns } from "./pricing.ts";

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
  // A group valued at its size has no profit: pricing leaves it out.
  const exclude = (p: PricedPattern) => {
    for (const g of p.groups) masked[g] = Math.min(masked[g]!, form.groups[g]!.size);
  };
  const best = first.at(-1);
  if (!best) return [];
  exclude(best);
  const out: PricedPattern[] = [];
  for (let r = 0; r < rounds && budget.now() < budget.end; r++) {
    const priced = pricePatterns(form, masked, { threshold, budget });
    const top = priced.patterns.at(-1);
    if (!top) break;
    out.push(top);
    exclude(top);
  }
  return out;
}
