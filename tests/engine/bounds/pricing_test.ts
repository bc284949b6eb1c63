import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type PackingForm, packingForm } from "../../../src/engine/bounds/packing.ts";
import { pricePatterns } from "../../../src/engine/bounds/pricing.ts";
import { EPS_HOURS } from "../../../src/engine/rules.ts";
import { tinyInstance } from "../../_helpers/brute_force.ts";

/** Best profit over every non-empty subset of lots that fits a block, by enumeration. */
function bruteProfit(form: PackingForm, values: readonly number[]): number {
  const items = form.groups.flatMap((g, gi) => g.lots.map(() => gi));
  let best = -Infinity;
  for (let mask = 1; mask < 1 << items.length; mask++) {
    let size = 0;
    let value = 0;
    const types = new Set<number>();
    items.forEach((g, k) => {
      if (!(mask & (1 << k))) return;
      size += form.groups[g]!.size;
      value += values[g]! - form.groups[g]!.size;
      types.add(form.groups[g]!.type);
    });
    if (size + form.setup * types.size > form.capacity + EPS_HOURS) continue;
    best = Math.max(best, value - form.setup * types.size);
  }
  return best;
}

function randomValues(form: PackingForm, seed: number): number[] {
  let x = seed;
  const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
  return form.groups.map((g) => g.size * (0.6 + rnd() * 1.2) + rnd() * 4);
}

Deno.test("pricePatterns() finds the best pattern exactly (against enumeration)", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const { lots, config } = tinyInstance(seed, 10);
    const form = packingForm(lots, config);
    const values = randomValues(form, seed);
    const truth = bruteProfit(form, values);
    const res = pricePatterns(form, values, { threshold: -1e9, cells: 64 });
    assert(res.exact, `seed ${seed}`);
    const bestFound = res.patterns.at(-1)!;
    assert(
      Math.abs(bestFound.profit - truth) < 1e-7,
      `seed ${seed}: ${bestFound.profit} vs ${truth}`,
    );
    assert(Math.abs(res.upperProfit - truth) < 1e-7, `seed ${seed}`);
    // The reported pattern really has that profit and fits.
    let size = 0;
    let value = 0;
    const types = new Set<number>();
    for (const g of bestFound.groups) {
      size += form.groups[g]!.size;
      value += values[g]! - form.groups[g]!.size;
      types.add(form.groups[g]!.type);
    }
    assert(size + form.setup * types.size <= form.capacity + EPS_HOURS);
    assert(Math.abs(value - form.setup * types.size - bestFound.profit) < 1e-9);
  }
});

Deno.test("pricePatterns() reports nothing above the threshold when nothing beats it", () => {
  const { lots, config } = tinyInstance(7, 8);
  const form = packingForm(lots, config);
  const values = randomValues(form, 7);
  const truth = bruteProfit(form, values);
  const res = pricePatterns(form, values, { threshold: truth + 1 });
  assertEquals(res.patterns.length, 0);
  assert(res.exact);
  assert(res.upperProfit >= truth);
});

Deno.test("pricePatterns() out of nodes still returns a valid upper bound", () => {
  for (let seed = 1; seed <= 10; seed++) {
    const { lots, config } = tinyInstance(seed * 13, 10);
    const form = packingForm(lots, config);
    const values = randomValues(form, seed);
    const truth = bruteProfit(form, values);
    const res = pricePatterns(form, values, { threshold: -1e9, nodeLimit: 2, cells: 32 });
    assert(res.upperProfit >= truth - 1e-9, `seed ${seed}: ${res.upperProfit} < ${truth}`);
  }
});
