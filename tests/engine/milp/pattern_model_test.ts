import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  buildPatternModel,
  decodePatterns,
  patternCost,
} from "../../../src/engine/milp/pattern_model.ts";
import { solveMilp } from "../../../src/engine/milp/solve.ts";
import { blocksCost, packingForm } from "../../../src/engine/packing/mod.ts";
import { enumeratePatterns } from "../../../src/engine/bounds/pricing.ts";
import { bruteForceOptimum, tinyInstance } from "../../_helpers/brute_force.ts";

Deno.test("the pattern MILP over every pattern equals the brute-force optimum", async () => {
  for (let seed = 400; seed <= 412; seed++) {
    const { lots, config } = tinyInstance(seed, 3 + (seed % 6));
    const truth = bruteForceOptimum(lots, config).makespanHours;
    const form = packingForm(lots, config);
    const patterns = enumeratePatterns(form, form.groups.map(() => 0), -Infinity, 100_000)!;
    const res = await solveMilp(buildPatternModel(form, patterns), { timeLimitSec: 20 });
    assertEquals(res.status, "optimal", `seed ${seed}`);
    assert(Math.abs(res.objective! - truth) < 1e-6, `seed ${seed}: ${res.objective} vs ${truth}`);
    const blocks = decodePatterns(patterns, res.values);
    assertEquals(blocks.flat().length, lots.length);
    assert(Math.abs(blocksCost(blocks, form) - truth) < 1e-6);
    // Half a lattice step below: clear of the solver's feasibility tolerance.
    const below = truth - (form.lattice > 0 ? form.lattice / 2 : 1e-3);
    const cut = buildPatternModel(form, patterns, { cutoffHours: below });
    assertEquals((await solveMilp(cut, { timeLimitSec: 20 })).status, "infeasible");
  }
});

Deno.test("patternCost() is clean − chgDiff + sizes + a setup per type", () => {
  const lots = [
    { id: "a", type: "X", vials: 10 },
    { id: "b", type: "Y", vials: 20 },
    { id: "c", type: "X", vials: 10 },
  ];
  const form = packingForm(lots, {
    fillRateVph: 1,
    cleanHours: 24,
    windowHours: 120,
    chgSameHours: 4,
    chgDiffHours: 8,
  });
  const x = form.groups.findIndex((g) => g.lots.length === 2);
  const y = form.groups.findIndex((g) => g.lots.length === 1);
  // Block X X Y: clean 24 + fills 40 + changeovers 4 + 8 = 76.
  assertEquals(patternCost([x, x, y], form), 76 - 24 + 24);
  assertEquals(patternCost([x, x, y], form), 16 + 14 + 14 + 24 + 2 * 4);
});
