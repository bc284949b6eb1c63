/**
 * No schedule claims "proven optimal" above the optimum: every strategy's run, with its bound,
 * on small random instances (mixed types, and plain bin packing whose bound is rounded to whole
 * blocks), against the optimum found by trying every partition.
 */
import { ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import type { LineConfig } from "../../src/engine/model.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { bruteForceOptimum, tinyInstance } from "../_helpers/brute_force.ts";

const TOL = 1e-7;

function withLine(line: LineConfig, strategy: string): SchedulerConfig {
  const limits = { timeLimitSec: 0.3 };
  return {
    ...DEFAULT_CONFIG,
    ...line,
    strategyOptions: strategy === "opt-pack" || strategy === "milp-opt"
      ? { [strategy]: limits }
      : {},
  };
}

Deno.test("every proof of optimality holds against brute force, and every bound is below the optimum", async () => {
  let proofs = 0;
  for (let seed = 1; seed <= 18; seed++) {
    const { lots, config } = tinyInstance(seed, 3 + (seed % 7));
    // Every third instance as plain bin packing: no changeovers, so types cost nothing.
    const line = seed % 3 === 0 ? { ...config, chgSameHours: 0, chgDiffHours: 0 } : config;
    const opt = bruteForceOptimum(lots, line).makespanHours;
    for (const name of registry.names().map((n) => n.split(" ")[0]!)) {
      if (name === "milp-opt" && seed % 4 !== 0) continue; // a worker per run: a sample is enough
      const s = await runSchedule(lots, withLine(line, name), {
        strategy: name,
        startMs: 0,
        boundBudgetMs: 500,
      });
      const where = `seed ${seed}, ${name}`;
      assert(s.bound.lowerBoundHours <= opt + TOL, `${where}: bound above the optimum ${opt}`);
      assert(s.kpis.makespanHours >= opt - TOL, `${where}: makespan below the optimum`);
      if (s.bound.provenOptimal) {
        proofs++;
        assert(
          Math.abs(s.kpis.makespanHours - opt) <= TOL,
          `${where}: proven at ${s.kpis.makespanHours} > ${opt}`,
        );
      }
    }
  }
  // Most of these runs prove their plan optimal; a bound too weak to prove anything would show.
  assert(proofs > 45, `only ${proofs} proofs`);
});
