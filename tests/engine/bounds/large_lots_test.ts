/**
 * The large-lots bound against brute force: never above the optimum on small random instances
 * built so that it bites (many lots over half a block), including lots that exactly fill a block
 * in pairs, where a strict comparison matters.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { continuousBound } from "../../../src/engine/bounds/continuous.ts";
import { largeLotsBins, largeLotsBound } from "../../../src/engine/bounds/large_lots.ts";
import { computeLowerBound } from "../../../src/engine/bounds/mod.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { bruteForceOptimum, fewestBins } from "../../_helpers/brute_force.ts";
import { largeInstance } from "../../_helpers/large_instance.ts";

const TOL = 1e-7;

Deno.test("largeLotsBins() counts lots too large to share and the room they leave", () => {
  // Three lots of 70 in bins of 120: no two share.
  assertEquals(largeLotsBins(Float64Array.from([70, 70, 70]), 120), 3);
  // Two lots of exactly half share a bin.
  assertEquals(largeLotsBins(Float64Array.from([60, 60]), 120), 1);
  // 90 and 80 leave 30 and 40 of room; lots of 45 fit neither, so they need bins of their own.
  assertEquals(largeLotsBins(Float64Array.from([90, 80, 45, 45]), 120), 3);
  // The same volume in lots of 30 fits the room: the area bound (2) is all that holds.
  assertEquals(largeLotsBins(Float64Array.from([90, 80, 30, 30]), 120), 2);
  assertEquals(largeLotsBins(new Float64Array(0), 120), 0);
  // Seven lots of 32: three fit a bin of 124, four never, so 3 bins where the area says 2.
  assertEquals(largeLotsBins(new Float64Array(7).fill(32), 124), 3);
});

Deno.test("largeLotsBins() never exceeds the fewest bins, and its count bound bites", () => {
  let a = 7;
  const rnd = () => (a = (a * 48271) % 2147483647) / 2147483647;
  let byCount = 0;
  for (let k = 0; k < 300; k++) {
    const cap = 10 + Math.floor(rnd() * 40);
    // Every other instance of lots just over a quarter bin: three fit, four never.
    const size = () =>
      k % 2 ? 1 + Math.floor(rnd() * cap / 2) : Math.floor(cap / 4) + 1 + Math.floor(rnd() * 3);
    const sizes = Array.from({ length: 1 + Math.floor(rnd() * 9) }, size);
    const bins = largeLotsBins(Float64Array.from(sizes), cap);
    const exact = fewestBins(sizes, cap);
    assert(bins <= exact, `${sizes} in ${cap}: ${bins} > ${exact}`);
    if (bins > Math.ceil(sizes.reduce((x, y) => x + y, 0) / cap)) byCount++;
  }
  assert(byCount >= 5, `the count beat the area only ${byCount} times`);
});

Deno.test("the large-lots bound is never above the brute-force optimum, and often above the continuous one", () => {
  let above = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const { lots, config } = largeInstance(seed, 3 + (seed % 6));
    const opt = bruteForceOptimum(lots, config).makespanHours;
    const bound = largeLotsBound(lots, config);
    assert(bound <= opt + TOL, `seed ${seed}: ${bound} > optimum ${opt}`);
    assert(bound >= continuousBound(lots, config) - TOL, `seed ${seed}: below continuous`);
    if (bound > continuousBound(lots, config) + TOL) above++;
  }
  assert(above > 30, `the bound beat the continuous one only ${above} times`);
});

Deno.test("the large-lots bound holds against brute force where short lots may fill other types' rooms", () => {
  let above = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const { lots, config } = largeInstance(seed, 6 + (seed % 4), true);
    const opt = bruteForceOptimum(lots, config).makespanHours;
    const bound = largeLotsBound(lots, config);
    assert(bound <= opt + TOL, `seed ${seed}: ${bound} > optimum ${opt}`);
    if (bound > continuousBound(lots, config) + TOL) above++;
  }
  assert(above > 30, `the bound beat the continuous one only ${above} times`);
});

Deno.test("computeLowerBound() takes the large-lots bound with any budget", async () => {
  // 3,000 lots of 70 h: no two share a block; column generation has no time for an LP.
  const lots = Array.from({ length: 3000 }, (_, i) => ({ id: `L${i}`, type: "X", vials: 70 }));
  const config = { ...DEFAULT_CONFIG, fillRateVph: 1 };
  const lb = await computeLowerBound(lots, config, { budgetMs: 30 });
  assertEquals(lb.method, "large-lots");
  assertEquals(lb.lowerBoundHours, 3000 * (24 + 70));
  // Budget 0: the continuous bound alone.
  assertEquals((await computeLowerBound(lots, config)).method, "continuous");
});

Deno.test("the large-lots bound with a block floor stays ≤ the optimum of schedules with that many blocks", () => {
  for (let seed = 1; seed <= 150; seed++) {
    const { lots, config } = largeInstance(seed, 3 + (seed % 6), seed % 2 === 0);
    const brute = bruteForceOptimum(lots, config);
    // The optimal plan has that many blocks: a bound for plans of at least as many holds for it.
    const bound = largeLotsBound(lots, config, brute.plan.length);
    assert(bound <= brute.makespanHours + TOL, `seed ${seed}: ${bound} > ${brute.makespanHours}`);
  }
});

Deno.test("computeLowerBound() counts the type slots the LP spreads: lots three to a block, seven of each of three types", async () => {
  // Lots of 28 h: three fit a block (of one type 92 h, of three 100 h), four never (of one type
  // 124 h). So 21 lots need 7 blocks, and each type 3 of them (⌈7/3⌉; their room alone says 2):
  // 9 type slots. The LP spreads each type over 7/3 blocks and counts 7.
  const config = { ...DEFAULT_CONFIG, fillRateVph: 1 };
  const lots = ["A", "B", "C"].flatMap((type) =>
    [1, 2, 3, 4, 5, 6, 7].map((k) => ({ id: `${type}${k}`, type, vials: 28 }))
  );
  const lb = await computeLowerBound(lots, config, { budgetMs: 5000 });
  // AAA AAA BBB BBB CCC CCC ABC: 7 blocks and 9 type slots; sizes are fill + 4 h each.
  const base = 21 * (28 + 4);
  assertEquals(lb.lowerBoundHours, base + (24 - 8) * 7 + (8 - 4) * 9);
  assertEquals(lb.method, "large-lots");
});
