import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { computeKpis } from "../../src/engine/kpis.ts";
import { planActivities } from "../../src/engine/planner.ts";
import { lot, TINY } from "./_tiny.ts";

Deno.test("computeKpis() totals hours, counts cleans and measures window use per block", () => {
  const plan = [[lot("a", "T1", 2), lot("b", "T1", 3), lot("c", "T2", 1)], [lot("d", "T2", 4)]];
  const k = computeKpis(planActivities(plan, TINY), TINY);
  assertEquals(k.makespanHours, 18);
  assertEquals(k.cleanHours, 4);
  assertEquals(k.changeoverHours, 4);
  assertEquals(k.fillHours, 10);
  assertEquals(k.lots, 4);
  assertEquals(k.cleans, 2);
  assertEquals(k.utilization, 10 / 18);
  assertEquals(k.blocks, [
    {
      index: 0,
      lotIds: ["a", "b", "c"],
      types: 2,
      fillHours: 6,
      changeoverHours: 4,
      usedHours: 10,
      windowUse: 1,
    },
    {
      index: 1,
      lotIds: ["d"],
      types: 1,
      fillHours: 4,
      changeoverHours: 0,
      usedHours: 4,
      windowUse: 0.4,
    },
  ]);
});

Deno.test("computeKpis() of no activities is all zero", () => {
  const k = computeKpis([], TINY);
  assertEquals([k.makespanHours, k.cleans, k.lots, k.utilization, k.blocks.length], [
    0,
    0,
    0,
    0,
    0,
  ]);
});
