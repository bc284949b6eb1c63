/** Stop early, keep the best: a stopped search returns its best valid plan, marked stopped. */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import { compareStrategies } from "../../src/engine/compare.ts";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { benchPath } from "../_helpers/paths.ts";

const lotsOf = (file: string) => {
  const parsed = parseLotsCsv(Deno.readTextFileSync(benchPath(file)));
  assertEquals(parsed.issues, []);
  return parsed.lots;
};

const limit = (strategy: string, timeLimitSec: number): SchedulerConfig => ({
  ...DEFAULT_CONFIG,
  strategyOptions: { [strategy]: { timeLimitSec } },
});

Deno.test("stop: opt-pack stopped while improving keeps its best plan, bound and gap", async () => {
  const lots = lotsOf("public/uniform_n200_t4.csv");
  const stop = new AbortController();
  let improvingSeen = false;
  const s = await runSchedule(lots, limit("opt-pack", 60), {
    strategy: "opt-pack",
    startMs: 0,
    boundBudgetMs: 60_000,
    stop: stop.signal,
    onProgress: (u) => {
      if (u.phase === "improving" && !improvingSeen) {
        improvingSeen = true;
        stop.abort();
      }
    },
  });
  assert(improvingSeen, "the search reached its improving phase");
  // Far from its 60 s limit and 60 s bound budget: the stop ended both.
  assert(s.elapsedMs < 30_000 && s.bound.elapsedMs < 30_000, `${s.elapsedMs} ms`);
  assertEquals(s.status, s.bound.provenOptimal ? "optimal" : "stopped");
  assert(s.bound.lowerBoundHours > 0 && s.bound.lowerBoundHours <= s.kpis.makespanHours);
  // Never worse than the heuristics it started from.
  const ffd = await runSchedule(lots, DEFAULT_CONFIG, { strategy: "hybrid-pack", startMs: 0 });
  assert(s.kpis.makespanHours <= ffd.kpis.makespanHours + 1e-9);
});

Deno.test("stop: a stop before the search starts returns the first plan; heuristics unaffected", async () => {
  const lots = lotsOf("public/uniform_n200_t4.csv");
  const stop = AbortSignal.abort();
  for (const strategy of ["opt-pack", "milp-opt"]) {
    const s = await runSchedule(lots.slice(0, 40), limit(strategy, 60), {
      strategy,
      startMs: 0,
      boundBudgetMs: 60_000,
      stop,
    });
    assert(s.elapsedMs < 30_000, `${strategy}: ${s.elapsedMs} ms`);
    assertEquals(s.status, s.bound.provenOptimal ? "optimal" : "stopped", strategy);
    assert(s.activities.length > 0);
  }
  const h = await runSchedule(lots, DEFAULT_CONFIG, { strategy: "spt-pack", startMs: 0, stop });
  assertEquals(h.status, "heuristic");
});

Deno.test("stop: a stopped comparison still completes every run", async () => {
  const lots = lotsOf("public/uniform_n200_t4.csv").slice(0, 60);
  const stop = new AbortController();
  const config: SchedulerConfig = {
    ...DEFAULT_CONFIG,
    strategyOptions: { "opt-pack": { timeLimitSec: 60 }, "milp-opt": { timeLimitSec: 60 } },
  };
  const result = await compareStrategies(lots, config, {
    strategies: "all",
    startMs: 0,
    boundBudgetMs: 60_000,
    stop: stop.signal,
    onProgress: (u) => {
      if (u.strategy === "opt-pack" && u.phase === "improving") stop.abort();
    },
  });
  assert(stop.signal.aborted, "opt-pack reached its improving phase");
  for (const run of result.runs) {
    const s = run.schedule;
    assert(s, `${run.strategy}: ${run.error}`);
    // Heuristics finish as usual; each optimizer (milp-opt runs after the stop) is cut short.
    if (run.strategy === "opt-pack" || run.strategy === "milp-opt") {
      assertEquals(s.status, s.bound.provenOptimal ? "optimal" : "stopped", run.strategy);
      assert(s.elapsedMs < 30_000, `${run.strategy}: ${s.elapsedMs} ms`);
    } else assertEquals(s.status, "heuristic", run.strategy);
  }
});
