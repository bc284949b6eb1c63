/**
 * The large-lots bound against brute force: never above the optimum on small random instances
 * built so that it bites (many lots over half a block), including lots that exactly fill a block
 * in pairs, where a strict comparison matters.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { LineConfig, Lot } from "../../../src/engine/model.ts";
import { continuousBound } from "../../../src/engine/bounds/continuous.ts";
import { largeLotsBins, largeLotsBound } from "../../../src/engine/bounds/large_lots.ts";
import { computeLowerBound } from "../../../src/engine/bounds/mod.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { bruteForceOptimum } from "../../_helpers/brute_force.ts";

const TOL = 1e-7;

/**
 * Seeded lots of 15–95 % of the window (some exactly half of a block's room), 1–3 types. With
 * `mixed`: 2–3 types, a CLEAN dearer than a changeover and a setup, lots long or short, so
 * short lots of one type must choose between their own blocks and others' rooms.
 */
function largeInstance(
  seed: number,
  n: number,
  mixed = false,
): { lots: Lot[]; config: LineConfig } {
  let a = seed >>> 0;
  const rnd = () => {
    a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0;
    return a / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const chgSameHours = int(0, 3);
  const chgDiffHours = chgSameHours + int(mixed ? 1 : 0, 5);
  const config: LineConfig = {
    fillRateVph: [1, 3][int(0, 1)]!,
    cleanHours: mixed ? chgDiffHours + int(0, 20) : int(1, 30),
    windowHours: 2 * int(10, 30),
    chgSameHours,
    chgDiffHours,
  };
  const types = mixed ? int(2, 3) : int(1, 3);
  const half = (config.windowHours - chgSameHours) / 2;
  const lots = Array.from({ length: n }, (_, i) => {
    const share = mixed
      ? (rnd() < 0.5 ? 0.55 + 0.4 * rnd() : 0.05 + 0.35 * rnd())
      : rnd() < 0.2
      ? half / config.windowHours
      : 0.15 + 0.8 * rnd();
    const hours = config.windowHours * share;
    return {
      id: `L${i + 1}`,
      type: `T${int(1, types)}`,
      vials: Math.max(1, Math.round(hours * config.fillRateVph)),
    };
  });
  return { lots, config };
}

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
