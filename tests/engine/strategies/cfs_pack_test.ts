import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { runSchedule } from "../../../src/engine/run_schedule.ts";
import { resolveOptions } from "../../../src/engine/registry.ts";
import { registry as strategies } from "../../../src/engine/strategies/mod.ts";
import { cfsOrder, cfsPack } from "../../../src/engine/strategies/cfs_pack.ts";
import { ids } from "./_reference.ts";
import { lots, TINY } from "./_fixtures.ts";

// B has more lots (3 vs 2), A has more hours (17 vs 6).
const FIX = lots("A1:A:9", "A2:A:8", "B1:B:2", "B2:B:3", "B3:B:1");

Deno.test("cfsOrder() groups by lot count or by hours, then SPT or LPT inside a group", () => {
  const order = (groupOrder: "count" | "hours", withinGroup: "spt" | "lpt") =>
    cfsOrder(FIX, { groupOrder, withinGroup }).map((l) => l.id);
  assertEquals(order("count", "lpt"), ["B2", "B1", "B3", "A1", "A2"]);
  assertEquals(order("count", "spt"), ["B3", "B1", "B2", "A2", "A1"]);
  assertEquals(order("hours", "lpt"), ["A1", "A2", "B2", "B1", "B3"]);
  assertEquals(order("hours", "spt"), ["A2", "A1", "B3", "B1", "B2"]);
});

Deno.test("cfs-pack defaults to groups by count, LPT inside", async () => {
  // Block 1: B2 (3), B1 (3+1+2 = 6), B3 (6+1+1 = 8); A1 needs 8+2+9. Blocks 2, 3: A1, A2.
  const { plan } = await cfsPack.run({ lots: FIX, config: TINY, options: {} });
  assertEquals(ids(plan), [["B2", "B1", "B3"], ["A1"], ["A2"]]);
  const s = await runSchedule(FIX, { ...DEFAULT_CONFIG, ...TINY }, { strategy: "cfs", startMs: 0 });
  assertEquals(s.kpis.makespanHours, 3 * 5 + 23 + 2);
});

Deno.test("cfs-pack follows its options (hours, spt)", async () => {
  const config = {
    ...DEFAULT_CONFIG,
    ...TINY,
    strategyOptions: { cfs: { groupOrder: "hours", withinGroup: "spt" } },
  };
  // Block 1: A2 (8); A1 needs 8+1+9, B3 8+2+1 = 11. Block 2: A1 (9). Block 3: B3, B1, B2.
  const s = await runSchedule(FIX, config, { strategy: "cfs-pack", startMs: 0 });
  assertEquals(ids(s.plan), [["A2"], ["A1"], ["B3", "B1", "B2"]]);
});

Deno.test("cfs-pack options are checked against their declared values", () => {
  assertEquals(resolveOptions(cfsPack, {}).options, { groupOrder: "count", withinGroup: "lpt" });
  const bad = resolveOptions(cfsPack, { groupOrder: "size" }).errors;
  assertEquals(bad.length, 1);
  assertEquals(bad[0]!.field, "strategyOptions.cfs-pack.groupOrder");
  assertEquals(strategies.resolve("cfs"), cfsPack);
});
