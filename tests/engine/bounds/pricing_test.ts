import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type PackingForm, packingForm } from "../../../src/engine/packing/mod.ts";
import {
  enumeratePatterns,
  patternSearch,
  pricePatterns,
} from "../../../src/engine/bounds/pricing.ts";
import { knapsackPricing } from "../../../src/engine/bounds/knapsack_pricing.ts";
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

/** A budget on a clock that reads past its end from the `after`-th read on. */
function budgetEndingAfter(after: number) {
  let reads = 0;
  return { budget: { now: () => (++reads > after ? 1 : 0), end: 1 }, reads: () => reads };
}

Deno.test("pricePatterns() stops when its budget ends, with a valid upper bound or none", () => {
  for (let seed = 1; seed <= 10; seed++) {
    const { lots, config } = tinyInstance(seed * 13, 10);
    const form = packingForm(lots, config);
    const values = randomValues(form, seed);
    const truth = bruteProfit(form, values);
    // Spent at once: the table is not even built, so no finite bound is claimed.
    const none = pricePatterns(form, values, {
      threshold: -1e9,
      budget: budgetEndingAfter(0).budget,
    });
    assertEquals(none, { patterns: [], upperProfit: Infinity, exact: false });
    // Spent during the search (1 node per read would be too slow to check, so a tiny grid and
    // many nodes): the search stops early and its bound still holds.
    const clock = budgetEndingAfter(1);
    const res = pricePatterns(form, values, { threshold: -1e9, budget: clock.budget });
    assert(res.upperProfit >= truth - 1e-9, `seed ${seed}: ${res.upperProfit} < ${truth}`);
    assert(clock.reads() >= 1);
  }
});

Deno.test("enumeratePatterns() gives up (null) when its budget is spent", () => {
  const { lots, config } = tinyInstance(3, 10);
  const form = packingForm(lots, config);
  const values = randomValues(form, 3);
  assertEquals(enumeratePatterns(form, values, -1e9, 1000, budgetEndingAfter(0).budget), null);
  assert(enumeratePatterns(form, values, -1e9, 1000) !== null);
});

/** Every non-empty fitting multiset of lots with its profit, by enumeration of lot subsets. */
function allPatterns(form: PackingForm, values: readonly number[]): Map<string, number> {
  const items = form.groups.flatMap((g, gi) => g.lots.map(() => gi));
  const out = new Map<string, number>();
  for (let mask = 1; mask < 1 << items.length; mask++) {
    const chosen = items.filter((_, k) => mask & (1 << k));
    const types = new Set(chosen.map((g) => form.groups[g]!.type)).size;
    const size = chosen.reduce((s, g) => s + form.groups[g]!.size, 0);
    if (size + form.setup * types > form.capacity + EPS_HOURS) continue;
    const profit = chosen.reduce((s, g) => s + values[g]! - form.groups[g]!.size, 0) -
      form.setup * types;
    out.set(chosen.sort((x, y) => x - y).join(","), profit);
  }
  return out;
}

Deno.test("enumeratePatterns() lists exactly the patterns at or above a profit, or null past a limit", () => {
  for (let seed = 1; seed <= 15; seed++) {
    const { lots, config } = tinyInstance(seed * 7, 8);
    const form = packingForm(lots, config);
    const values = randomValues(form, seed);
    const truth = allPatterns(form, values);
    const profits = [...truth.values()].sort((x, y) => x - y);
    const min = profits[Math.floor(profits.length / 2)]!;
    const listed = enumeratePatterns(form, values, min, 100_000)!;
    const keys = listed.map((p) => [...p].sort((x, y) => x - y).join(",")).sort();
    const want = [...truth].filter(([, v]) => v >= min - 1e-9).map(([k]) => k).sort();
    assertEquals(keys, want, `seed ${seed}`);
    if (want.length > 1) assertEquals(enumeratePatterns(form, values, min, want.length - 1), null);
  }
});

Deno.test("pricing and enumeration search 30,000 distinct lots without deep recursion", () => {
  // Skipping from group to group used to recurse once per group and overflowed the stack on
  // the 10,000-lot bench file; the search depth must not grow with the number of lots.
  const config = {
    fillRateVph: 19_920,
    cleanHours: 24,
    windowHours: 120,
    chgSameHours: 4,
    chgDiffHours: 8,
  };
  const lots = Array.from({ length: 30_000 }, (_, i) => ({
    id: `L${i}`,
    type: "T",
    vials: 20_000 + i * 3,
  }));
  const form = packingForm(lots, config);
  assertEquals(form.groups.length, 30_000);
  // Only the smallest lot (last group: sizes descend) is worth anything, so every search walks
  // past all the others first.
  const values = form.groups.map((g, i) => i === form.groups.length - 1 ? g.size + 10 : 0);
  const res = pricePatterns(form, values, { threshold: 0, nodeLimit: 1_000_000 });
  assert(res.exact);
  assert(res.patterns.some((p) => p.groups.length === 1 && p.groups[0] === 29_999));
  // Only the smallest lot alone is worth 5 (its value less its size and setup: 10 − 4).
  assertEquals(enumeratePatterns(form, values, 5, 1_000), [[29_999]]);
});

Deno.test("knapsackPricing() (whole sizes) finds the best pattern exactly, and each pattern is real", () => {
  let priced = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const { lots, config } = tinyInstance(seed, 10);
    const form = packingForm(lots, config);
    const values = randomValues(form, seed);
    const res = knapsackPricing(form, values, 0);
    if (!res) continue; // sizes not whole, or the table too large: the search prices these
    priced++;
    const truth = bruteProfit(form, values);
    assert(res.exact);
    assert(Math.abs(res.upperProfit - Math.max(0, truth)) < 1e-9, `seed ${seed}`);
    for (const p of res.patterns) {
      let size = 0;
      let value = 0;
      const types = new Set<number>();
      const count = new Map<number, number>();
      for (const g of p.groups) {
        size += form.groups[g]!.size;
        value += values[g]! - form.groups[g]!.size;
        types.add(form.groups[g]!.type);
        count.set(g, (count.get(g) ?? 0) + 1);
      }
      for (const [g, k] of count) assert(k <= form.groups[g]!.lots.length, `seed ${seed}: copies`);
      assert(size + form.setup * types.size <= form.capacity + EPS_HOURS, `seed ${seed}: fits`);
      assert(Math.abs(value - form.setup * types.size - p.profit) < 1e-9, `seed ${seed}: profit`);
      assert(p.profit > 0);
    }
    if (truth > 1e-9) assert(Math.abs(res.patterns.at(-1)!.profit - truth) < 1e-9, `seed ${seed}`);
    else assertEquals(res.patterns, []);
  }
  assert(priced >= 20, `only ${priced} instances had whole sizes`);
});

/** A pattern's size with setups, its profit at `values` and whether it respects group counts. */
function measure(form: PackingForm, values: readonly number[], groups: readonly number[]) {
  let size = 0;
  let value = 0;
  const types = new Set<number>();
  const count = new Map<number, number>();
  for (const g of groups) {
    size += form.groups[g]!.size;
    value += values[g]! - form.groups[g]!.size;
    types.add(form.groups[g]!.type);
    count.set(g, (count.get(g) ?? 0) + 1);
  }
  return {
    fits: size + form.setup * types.size <= form.capacity + EPS_HOURS,
    profit: value - form.setup * types.size,
    counted: [...count].every(([g, k]) => k <= form.groups[g]!.lots.length),
  };
}

Deno.test("pricePatterns() with `enough`: its bound holds, and a pattern above it is found", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const { lots, config } = tinyInstance(seed * 5, 10);
    // Every other instance without setups (the search's one-row table).
    const line = seed % 2 ? config : { ...config, chgDiffHours: config.chgSameHours };
    const form = packingForm(lots, line);
    const values = randomValues(form, seed);
    const truth = bruteProfit(form, values);
    for (const enough of [truth - 1, truth - 1e-3, truth + 1e-3, truth + 1]) {
      const res = pricePatterns(form, values, { threshold: truth - 2, cells: 64, enough });
      assert(res.exact, `seed ${seed}`);
      assert(res.upperProfit >= truth - 1e-9, `seed ${seed}: ${res.upperProfit} < ${truth}`);
      assert(res.upperProfit <= Math.max(truth, enough) + 1e-9, `seed ${seed}`);
      // Above `enough` the search is exact: the best pattern is among those reported.
      if (truth > enough) assert(Math.abs(res.patterns.at(-1)!.profit - truth) < 1e-7);
      for (const p of res.patterns) {
        const m = measure(form, values, p.groups);
        assert(m.fits && m.counted, `seed ${seed}`);
        assert(Math.abs(m.profit - p.profit) < 1e-9 && p.profit > truth - 2, `seed ${seed}`);
      }
    }
  }
});

Deno.test("pricePatterns() below a negative threshold bounds non-empty patterns only", () => {
  // A block-count dual above the block's cost makes the threshold negative; the empty pattern
  // (profit 0) is no block, so with every lot priced below its size the best is negative.
  let priced = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const { lots, config } = tinyInstance(seed, 8);
    const form = packingForm(lots, config);
    const values = form.groups.map((g, i) => g.size * (0.5 + 0.1 * (i % 3)));
    const truth = bruteProfit(form, values);
    const res = pricePatterns(form, values, { threshold: -1e9 });
    assert(res.exact);
    assert(
      Math.abs(res.upperProfit - truth) < 1e-7,
      `seed ${seed}: ${res.upperProfit} vs ${truth}`,
    );
    if (knapsackPricing(form, values, 0)) priced++;
  }
  assert(priced >= 10, `only ${priced} instances would have taken the table`);
});

Deno.test("patternSearch() without some groups prices exactly as if they were worth nothing", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const { lots, config } = tinyInstance(seed * 11, 10);
    const form = packingForm(lots, config);
    const values = randomValues(form, seed);
    // One table at the full values, searched again and again with more groups left out.
    const search = patternSearch(form, values, { cells: 64 })!;
    const without = new Set<number>();
    for (let g = seed % 3; g < form.groups.length; g += 2) {
      without.add(g);
      const masked = values.map((v, i) => without.has(i) ? form.groups[i]!.size - 1 : v);
      const truth = bruteProfit(form, masked);
      const res = search({ threshold: -1e9, without });
      assert(res.exact, `seed ${seed}`);
      assert(
        Math.abs(res.upperProfit - truth) < 1e-7,
        `seed ${seed}: ${res.upperProfit} vs ${truth}`,
      );
      for (const p of res.patterns) {
        assert(p.groups.every((i) => !without.has(i)), `seed ${seed}: a left-out group`);
        const m = measure(form, values, p.groups);
        assert(m.fits && m.counted && Math.abs(m.profit - p.profit) < 1e-9, `seed ${seed}`);
      }
    }
  }
});
