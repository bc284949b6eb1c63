import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { runSchedule } from "../../../src/engine/run_schedule.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { registry } from "../../../src/engine/strategies/mod.ts";
import { lptOrder, lptPack } from "../../../src/engine/strategies/lpt_pack.ts";
import { ids } from "./_reference.ts";
import { lots, TINY } from "./_fixtures.ts";

const FIX = lots("A1:A:3", "A2:A:5", "B1:B:4", "B2:B:2", "B3:B:6");

Deno.test("lptOrder() puts the longest fill first, ties by type then ID", () => {
  assertEquals(lptOrder(FIX).map((l) => l.id), ["B3", "A2", "B1", "A1", "B2"]);
  const tied = lots("b:Y:4", "a:Y:4", "c:X:4", "d:X:9");
  assertEquals(lptOrder(tied).map((l) => l.id), ["d", "c", "a", "b"]);
});

Deno.test("lpt-pack skips a same-type lot that does not fit for a later one that does", async () => {
  // Block 1: B3 (6 h); B1 needs 6+1+4 = 11, B2 fits (6+1+2 = 9); nothing else fits 1 h.
  // Block 2: A2 (5 h), A1 (5+1+3 = 9 h); B1 needs 9+2+4. Block 3: B1.
  const { plan } = await lptPack.run({ lots: FIX, config: TINY, options: {} });
  assertEquals(ids(plan), [["B3", "B2"], ["A2", "A1"], ["B1"]]);
  const s = await runSchedule(FIX, { ...DEFAULT_CONFIG, ...TINY }, { strategy: "lpt", startMs: 0 });
  assertEquals(s.kpis.makespanHours, 15 + 20 + 2);
  assertEquals(s.kpis.cleans, 3);
});

Deno.test("lpt-pack is registered under its alias", () => {
  assertEquals(registry.resolve("lpt"), lptPack);
});
