import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  blocksCost,
  commonStep,
  fitsBlock,
  packingForm,
  roundUpToLattice,
} from "../../../src/engine/bounds/packing.ts";
import { firstFitByType, groupBlocksToPlan } from "../../../src/engine/bounds/first_fit.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import type { Lot } from "../../../src/engine/model.ts";
import { planActivities } from "../../../src/engine/planner.ts";
import { computeKpis } from "../../../src/engine/kpis.ts";
import { validateSchedule } from "../../../src/engine/validate.ts";
import { partitionMakespan, tinyInstance } from "../../_helpers/brute_force.ts";

const near = (a: number, b: number, tol: number) => assert(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const line = { ...DEFAULT_CONFIG, fillRateVph: 1 };
const lot = (id: string, type: string, vials: number): Lot => ({ id, type, vials });

Deno.test("packingForm() groups identical lots and derives sizes, capacity and costs", () => {
  const form = packingForm(
    [lot("a", "X", 10), lot("b", "Y", 30), lot("c", "X", 10), lot("d", "X", 20)],
    line,
  );
  assertEquals(form.types, ["X", "Y"]);
  assertEquals(form.groups.map((g) => [g.type, g.fill, g.size, g.lots.map((l) => l.id)]), [
    [0, 20, 24, ["d"]],
    [0, 10, 14, ["a", "c"]],
    [1, 30, 34, ["b"]],
  ]);
  assertEquals(form.capacity, 128);
  assertEquals(form.setup, 4);
  assertEquals(form.blockCost, 16);
  assertEquals(form.base, 24 + 14 * 2 + 34);
  assertEquals(form.lattice, 4);
});

Deno.test("fitsBlock() is the window rule with types grouped", () => {
  const form = packingForm([lot("a", "X", 1)], line);
  // Sizes 120 with 2 types: 120 + 2·4 = 128, exactly the capacity W + D.
  assert(fitsBlock(120, 2, form));
  assert(fitsBlock(124, 1, form));
  assert(!fitsBlock(120.01, 2, form));
});

Deno.test("commonStep() finds the lattice of block and type costs, or 0 when there is none", () => {
  assertEquals(commonStep(16, 4), 4);
  assertEquals(commonStep(-6, 4), 2);
  assertEquals(commonStep(0, 4), 4);
  assertEquals(commonStep(0.5, 0.75), 0.25);
  assertEquals(commonStep(1 / 3, 1), 0);
  assertEquals(commonStep(0, 0), 0);
});

Deno.test("roundUpToLattice() rounds up to base + g·k and never across float noise", () => {
  const form = packingForm([lot("a", "X", 10)], line); // base 14, g 4
  assertEquals(roundUpToLattice(14 + 8.5, form), 14 + 12);
  assertEquals(roundUpToLattice(14 + 8 + 1e-9, form), 14 + 8);
  assertEquals(roundUpToLattice(14 + 7.9, form), 14 + 8);
  const none = packingForm([lot("a", "X", 10)], { ...line, cleanHours: 1 / 3 + 8 });
  assertEquals(none.lattice, 0);
  assertEquals(roundUpToLattice(20.5, none), 20.5);
});

Deno.test("blocksCost() equals the planned makespan of the same blocks", () => {
  for (let seed = 1; seed <= 20; seed++) {
    const { lots, config } = tinyInstance(seed, 9);
    const form = packingForm(lots, config);
    const blocks = firstFitByType(form);
    const plan = groupBlocksToPlan(blocks, form);
    const activities = planActivities(plan, config);
    assertEquals(validateSchedule(lots, activities, config), [], `seed ${seed}`);
    const makespan = computeKpis(activities, config).makespanHours;
    near(blocksCost(blocks, form), makespan, 1e-7);
    near(partitionMakespan(plan, config), makespan, 1e-7);
    assertEquals(plan.flat().map((l) => l.id).sort(), lots.map((l) => l.id).sort());
  }
});
