import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  blocksCost,
  commonStep,
  firstFitByType,
  fitsBlock,
  groupBlocksToPlan,
  groupCount,
  packingForm,
  roundUpToLattice,
} from "../../../src/engine/packing/mod.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import type { Lot } from "../../../src/engine/model.ts";
import { planActivities } from "../../../src/engine/planner.ts";
import { computeKpis } from "../../../src/engine/kpis.ts";
import { validateSchedule } from "../../../src/engine/validate.ts";
import { partitionMakespan, tinyInstance } from "../../_helpers/brute_force.ts";
import { Rng } from "../../../src/engine/search/_rng.ts";

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

/** The first-fit rule read literally: scan every block, first with the type, else any. */
function firstFitByScan(form: ReturnType<typeof packingForm>): number[][] {
  const typeSize = new Array<number>(form.types.length).fill(0);
  for (const g of form.groups) typeSize[g.type]! += g.size * g.lots.length;
  const order = form.groups.map((_, i) => i).sort((x, y) =>
    typeSize[form.groups[y]!.type]! - typeSize[form.groups[x]!.type]! ||
    form.groups[x]!.type - form.groups[y]!.type || form.groups[y]!.size - form.groups[x]!.size
  );
  const blocks: { groups: number[]; size: number; types: Set<number> }[] = [];
  for (const gi of order) {
    const g = form.groups[gi]!;
    for (let copy = 0; copy < g.lots.length; copy++) {
      const target = blocks.find((b) =>
        b.types.has(g.type) && fitsBlock(b.size + g.size, b.types.size, form)
      ) ?? blocks.find((b) =>
        !b.types.has(g.type) && fitsBlock(b.size + g.size, b.types.size + 1, form)
      );
      if (!target) blocks.push({ groups: [gi], size: g.size, types: new Set([g.type]) });
      else {
        target.groups.push(gi);
        target.size += g.size;
        target.types.add(g.type);
      }
    }
  }
  return blocks.map((b) => b.groups);
}

Deno.test("firstFitByType() places every lot where a scan of all blocks would", () => {
  for (let seed = 1; seed <= 40; seed++) {
    // Many lots, few or many types, small and large fills; blocks exactly full happen too.
    const rng = new Rng(seed);
    const types = 1 + rng.int(12);
    const lots = Array.from({ length: 50 + rng.int(400) }, (_, i): Lot => ({
      id: `L${i}`,
      type: `T${rng.int(types)}`,
      vials: seed % 4 === 0 ? 4 * (1 + rng.int(28)) : 1 + rng.int(115),
    }));
    const form = packingForm(lots, line);
    assertEquals(firstFitByType(form), firstFitByScan(form), `seed ${seed}`);
  }
});

Deno.test("groupCount() counts packingForm's groups without building them", () => {
  for (let seed = 1; seed <= 10; seed++) {
    const rng = new Rng(seed);
    // Few distinct vials, so many lots share a group; types named to collide with vials too.
    const lots = Array.from({ length: 200 }, (_, i): Lot => ({
      id: `L${i}`,
      type: `${rng.int(4)}`,
      vials: 1 + rng.int(seed * 3),
    }));
    assertEquals(groupCount(lots), packingForm(lots, line).groups.length, `seed ${seed}`);
  }
});
