import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { buildMilpModel, decodeBlocks } from "../../../src/engine/milp/model.ts";
import { solveMilp } from "../../../src/engine/milp/solve.ts";
import { blocksCost, firstFitByType, packingForm } from "../../../src/engine/packing/mod.ts";
import { bruteForceOptimum, tinyInstance } from "../../_helpers/brute_force.ts";

Deno.test("the MILP's optimum equals the brute-force optimum on random small instances", async () => {
  for (let seed = 100; seed <= 115; seed++) {
    const { lots, config } = tinyInstance(seed, 3 + (seed % 6));
    const truth = bruteForceOptimum(lots, config).makespanHours;
    const form = packingForm(lots, config);
    const model = buildMilpModel(form, { blocks: lots.length });
    const res = await solveMilp(model, { timeLimitSec: 20 });
    assertEquals(res.status, "optimal", `seed ${seed}`);
    assert(Math.abs(res.objective! - truth) < 1e-6, `seed ${seed}: ${res.objective} vs ${truth}`);
    const blocks = decodeBlocks(form, lots.length, res.values);
    assertEquals(blocks.flat().length, lots.length);
    assert(Math.abs(blocksCost(blocks, form) - truth) < 1e-6, `seed ${seed}: decoded cost`);
  }
});

Deno.test("the MILP with a cutoff below the optimum is infeasible; with bounds it stays exact", async () => {
  for (let seed = 200; seed <= 205; seed++) {
    const { lots, config } = tinyInstance(seed, 7);
    const truth = bruteForceOptimum(lots, config).makespanHours;
    const form = packingForm(lots, config);
    const slots = firstFitByType(form).length + 1;
    const cut = truth - (form.lattice > 0 ? form.lattice / 2 : 1e-3);
    const below = buildMilpModel(form, { blocks: slots, cutoffHours: cut });
    assertEquals((await solveMilp(below, { timeLimitSec: 20 })).status, "infeasible");
    const at = buildMilpModel(form, {
      blocks: slots,
      cutoffHours: truth + 1e-6,
      lowerBoundHours: truth - 1,
    });
    const res = await solveMilp(at, { timeLimitSec: 20 });
    assertEquals(res.status, "optimal");
    assert(Math.abs(res.objective! - truth) < 1e-6);
  }
});

Deno.test("buildMilpModel() names variables by meaning and keeps lot 0 in block 0", () => {
  const { lots, config } = tinyInstance(3, 5);
  const form = packingForm(lots, config);
  const model = buildMilpModel(form, { blocks: 3 });
  assert(model.binaries!.includes("y_0") && model.binaries!.includes("z_0_2"));
  assert(model.rows.some((r) => r.name === "first" && r.lb === 1));
  assert(model.rows.some((r) => r.name === "order_1"));
  assertEquals(model.constant, form.base);
  assertEquals(decodeBlocks(form, 3, {}), []);
});
