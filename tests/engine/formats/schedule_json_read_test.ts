/** The JSON export read back: the same plan, timing and KPIs, in any zone; a broken file is named. */
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import {
  DEFAULT_CONFIG,
  formatScheduleJson,
  InputError,
  parseScheduleJson,
  runSchedule,
} from "../../../src/engine/mod.ts";
import { tinyInstance } from "../../_helpers/brute_force.ts";

Deno.test("parseScheduleJson reads back the plan, activities and KPIs of any export", async () => {
  for (let seed = 1; seed <= 15; seed++) {
    const inst = tinyInstance(seed, 3 + seed % 8);
    const s = await runSchedule(inst.lots, { ...DEFAULT_CONFIG, ...inst.config }, {
      strategy: "smart-pack",
      startMs: Date.UTC(2026, 2, 28, 12),
    });
    const zone = seed % 2 ? "Europe/Berlin" : "UTC";
    const back = parseScheduleJson(formatScheduleJson(s, { timeZone: zone, generatedAt: 0 }));
    assertEquals(back.timeZone, zone);
    assertEquals(
      back.schedule.plan.map((b) => b.map((l) => [l.id, l.type, l.vials])),
      s.plan.map((b) => b.map((l) => [l.id, l.type, l.vials])),
    );
    assertEquals(back.schedule.startMs, s.startMs);
    assertEquals(back.schedule.kpis.cleans, s.kpis.cleans);
    assert(Math.abs(back.schedule.kpis.makespanHours - s.kpis.makespanHours) < 1e-9);
    assertEquals(back.schedule.bound.lowerBoundHours, s.bound.lowerBoundHours);
    assertEquals(back.lineage, null);
  }
});

Deno.test("parseScheduleJson names what is wrong with a file it cannot use", () => {
  const code = (text: string) => {
    try {
      parseScheduleJson(text);
    } catch (e) {
      assert(e instanceof InputError);
      return e.issues.map((i) => `${i.code} ${i.field}`);
    }
    throw new Error("accepted");
  };
  assertEquals(code("{"), ["INVALID_SCHEDULE_FILE schedule"]);
  assert(code(JSON.stringify({ strategy: "x" })).some((c) => c.endsWith(" config")));
  throws(() => parseScheduleJson("[]"), InputError);
});
