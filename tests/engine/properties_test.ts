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
import type { Strategy } from "../../src/engine/registry.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { randomInstance } from "./strategies/_reference.ts";

const TOL = 1e-6;

/** Options that keep a searching strategy short: time limits and iteration caps, when declared. */
function quickOptions(s: Strategy): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const spec of s.options) {
    if (spec.type !== "number" && spec.type !== "integer") continue;
    const clamp = (v: number) => Math.min(spec.max ?? v, Math.max(spec.min ?? v, v));
    if (/time.*(ms|millis)/i.test(spec.name)) o[spec.name] = clamp(50);
    else if (/time.*(s|sec|seconds)$/i.test(spec.name)) o[spec.name] = clamp(0.05);
    else if (/maxIter/i.test(spec.name)) o[spec.name] = clamp(200);
  }
  return o;
}

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
