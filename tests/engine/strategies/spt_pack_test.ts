import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { runSchedule } from "../../../src/engine/run_schedule.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { registry } from "../../../src/engine/strategies/mod.ts";
import { sptOrder, sptPack } from "../../../src/engine/strategies/spt_pack.ts";
import { ids } from "./_reference.ts";
import { lots, TINY } from "./_fixtures.ts";

// B has 3 lots, A has 2: B first; shortest first inside a type.
const FIX = lots("A1:A:3", "A2:A:5", "B1:B:4", "B2:B:2", "B3:B:6");

Deno.test("sptOrder() puts types with more lots first, shortest fill first, ties by ID", () => {
  assertEquals(sptOrder(FIX).map((l) => l.id), ["B2", "B1", "B3", "A1", "A2"]);
  const tied = lots("z:X:2", "b:Y:2", "a:Y:2", "c:X:1");
  // Equal counts: type name decides (X before Y); equal fills: ID decides.
  assertEquals(sptOrder(tied).map((l) => l.id), ["c", "z", "a", "b"]);
});

Deno.test("spt-pack stays on type while it fits, then takes the first lot that fits", async () => {
  // Block 1: B2 (2 h), B1 (2+1+4 = 7 h); B3 needs 7+1+6 = 14 > 10, A1 7+2+3 = 12 > 10.
  // Block 2: B3 (6 h); A1 would need 6+2+3 = 11. Block 3: A1, A2 (3+1+5 = 9 h).
  const { plan } = await sptPack.run({ lots: FIX, config: TINY, options: {} });
  assertEquals(ids(plan), [["B2", "B1"], ["B3"], ["A1", "A2"]]);
  const s = await runSchedule(FIX, { ...DEFAULT_CONFIG, ...TINY }, { strategy: "spt", startMs: 0 });
  // 3 cleans × 5 + fills 20 + changeovers 1 + 1 = 37 h.
  assertEquals(s.kpis.makespanHours, 37);
  assertEquals(s.kpis.changeoverHours, 2);
  assertEquals(s.strategy, "spt-pack");
});

Deno.test("spt-pack is registered under its alias", () => {
  assertEquals(registry.resolve("spt"), sptPack);
  assertEquals(registry.resolve("SPT_pack"), sptPack);
});
