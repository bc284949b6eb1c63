import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { groupTypesInBlocks, planActivities, planMakespan } from "../../src/engine/planner.ts";
import { computeKpis } from "../../src/engine/kpis.ts";
import { Rng } from "../../src/engine/search/_rng.ts";
import { lot, TINY } from "./_tiny.ts";

const a = lot("a", "T1", 2), b = lot("b", "T1", 3), c = lot("c", "T2", 1), d = lot("d", "T2", 4);

Deno.test("planActivities() lays out cleans, changeovers and fills back to back", () => {
  const acts = planActivities([[a, b, c], [d]], TINY);
  assertEquals(
    acts.map((x) => [x.kind, x.startH, x.endH, x.lotId, x.block]),
    [
      ["CLEAN", 0, 2, null, 0],
      ["FILL", 2, 4, "a", 0],
      ["CHANGEOVER", 4, 5, null, 0],
      ["FILL", 5, 8, "b", 0],
      ["CHANGEOVER", 8, 11, null, 0],
      ["FILL", 11, 12, "c", 0],
      ["CLEAN", 12, 14, null, 1],
      ["FILL", 14, 18, "d", 1],
    ],
  );
  assertEquals(acts[0]!.note, "initial clean");
  assertEquals(acts[2]!.note, "same type T1");
  assertEquals(acts[4]!.note, "T1 -> T2");
  assertEquals(acts[6]!.note, "clean before block 2");
  assertEquals(acts[7]!.note, "40 vials");
  assertEquals(acts[7]!.lotType, "T2");
});

Deno.test("planActivities() of an empty plan is empty", () => {
  assertEquals(planActivities([], TINY), []);
});

Deno.test("groupTypesInBlocks() puts each type together in first-seen order", () => {
  const plan = groupTypesInBlocks([[a, c, b, d], [d]]);
  assertEquals(plan.map((blk) => blk.map((l) => l.id)), [["a", "b", "c", "d"], ["d"]]);
});

Deno.test("planMakespan() equals the makespan of the planned activities, to the last bit", () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rng = new Rng(seed);
    const plan = Array.from(
      { length: 1 + rng.int(6) },
      (_, b) =>
        Array.from(
          { length: rng.int(5) },
          (_, k) => lot(`L${b}-${k}`, `T${rng.int(3)}`, 0.1 + rng.next() * 7),
        ),
    );
    const exact = computeKpis(planActivities(plan, TINY), TINY).makespanHours;
    assertEquals(planMakespan(plan, TINY), exact, `seed ${seed}`);
  }
});
