/**
 * Properties every registered strategy's schedule must have, on seeded random instances:
 * valid by the independent validator, fill + clean + changeover = makespan, every lot filled
 * exactly once, no block over the window, and the makespan never below the lower bound.
 * New strategies are picked up from the registry automatically.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { validateSchedule } from "../../src/engine/validate.ts";
import { changeoverHours, fillHours } from "../../src/engine/rules.ts";
import { quickOptions } from "../_helpers/quick_options.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { randomInstance } from "./strategies/_reference.ts";

const TOL = 1e-6;

for (const strategy of registry.list()) {
  Deno.test(`properties: ${strategy.name} schedules are valid, complete and within the window`, async () => {
    const count = strategy.kind === "optimizer" ? 8 : 80;
    for (let seed = 1; seed <= count; seed++) {
      const inst = randomInstance(seed * 31 + 7);
      const config: SchedulerConfig = {
        ...DEFAULT_CONFIG,
        ...inst.config,
        strategyOptions: { [strategy.name]: quickOptions(strategy) },
      };
      const at = `${strategy.name} on ${inst.name}`;
      const s = await runSchedule(inst.lots, config, { strategy: strategy.name, startMs: 0 });
      assertEquals(validateSchedule(inst.lots, s.activities, inst.config), [], at);
      const k = s.kpis;
      assert(Math.abs(k.fillHours + k.cleanHours + k.changeoverHours - k.makespanHours) < TOL, at);
      const placed = s.plan.flat().map((l) => l.id).sort();
      assertEquals(placed, inst.lots.map((l) => l.id).sort(), at);
      assertEquals(k.lots, inst.lots.length, at);
      assertEquals(k.cleans, s.plan.length, at);
      for (const block of s.plan) {
        let used = 0;
        block.forEach((lot, i) => {
          used += changeoverHours(i ? block[i - 1]!.type : null, lot.type, inst.config) +
            fillHours(lot, inst.config);
        });
        assert(used <= inst.config.windowHours + TOL, `${at}: block uses ${used} h`);
      }
      assert(k.makespanHours >= s.bound.lowerBoundHours - TOL, `${at}: below its bound`);
    }
  });
}
