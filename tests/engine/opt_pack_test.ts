/** opt-pack: never worse than a heuristic, reproducible, within its time, honest progress. */
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import { CancelledError, InputError } from "../../src/engine/errors.ts";
import type { Lot, Schedule } from "../../src/engine/model.ts";
import type { ProgressUpdate } from "../../src/engine/progress.ts";
import { Registry } from "../../src/engine/registry.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { createOptPack } from "../../src/engine/strategies/opt_pack.ts";
import { validateSchedule } from "../../src/engine/validate.ts";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { randomLots } from "./search/_random.ts";
import { benchPath } from "../_helpers/paths.ts";
import { bruteForceOptimum } from "../_helpers/brute_force.ts";

const heuristics = registry.list().filter((s) => s.kind === "heuristic");

function withOptions(options: Record<string, unknown>): SchedulerConfig {
  return { ...DEFAULT_CONFIG, strategyOptions: { "opt-pack": options } };
}

function opt(lots: readonly Lot[], options: Record<string, unknown>, extra = {}) {
  return runSchedule(lots, withOptions(options), { strategy: "opt", startMs: 0, ...extra });
}

function blocksOf(s: Schedule): string[][] {
  return s.plan.map((b) => b.map((l) => l.id));
}

Deno.test("opt-pack is registered as an optimizer with the alias opt", () => {
  const s = registry.resolve("opt");
  assertEquals(s.name, "opt-pack");
  assertEquals(s.kind, "optimizer");
  assertEquals(registry.resolve("OPT_PACK"), s);
});

Deno.test("opt-pack is never worse than any heuristic on random instances, and valid", async () => {
  const cases = [[1, 60, 3, 110], [2, 80, 6, 25], [3, 50, 2, 60], [4, 70, 5, 90]] as const;
  for (const [seed, n, types, maxH] of cases) {
    const lots = randomLots(seed, n, types, 1, maxH);
    const best = await opt(lots, { maxIterations: 20_000, timeLimitSec: 10, seed });
    assertEquals(validateSchedule(lots, best.activities, best.config), []);
    for (const h of heuristics) {
      const s = await runSchedule(lots, DEFAULT_CONFIG, { strategy: h.name, startMs: 0 });
      assert(
        best.kpis.makespanHours <= s.kpis.makespanHours + 1e-9,
        `seed ${seed}: opt-pack ${best.kpis.makespanHours} > ${h.name} ${s.kpis.makespanHours}`,
      );
    }
    assert(best.bound.lowerBoundHours <= best.kpis.makespanHours + 1e-9);
  }
});

Deno.test("opt-pack: the same seed and iteration budget give the same plan", async () => {
  const lots = randomLots(9, 120, 4, 1, 100);
  const a = await opt(lots, { seed: 5, maxIterations: 30_000, timeLimitSec: 30 });
  const b = await opt(lots, { seed: 5, maxIterations: 30_000, timeLimitSec: 30 });
  assertEquals(blocksOf(a), blocksOf(b));
  assertEquals(a.kpis.makespanHours, b.kpis.makespanHours);
  assert(a.status === "feasible" || a.status === "optimal", a.status);
});

Deno.test("opt-pack finds the brute-force optimum on small random instances", async () => {
  let hits = 0;
  const rounds = 12;
  for (let seed = 1; seed <= rounds; seed++) {
    const lots = randomLots(200 + seed, 8, 1 + (seed % 3), 1, 70);
    const want = bruteForceOptimum(lots, DEFAULT_CONFIG).makespanHours;
    const got = await opt(lots, { seed, maxIterations: 5_000, timeLimitSec: 5 });
    assert(got.kpis.makespanHours >= want - 1e-9, "never below the optimum");
    if (Math.abs(got.kpis.makespanHours - want) < 1e-9) hits++;
  }
  assert(hits >= rounds - 1, `optimum hit on ${hits} of ${rounds}`);
});

Deno.test("opt-pack stops at the lower bound on the seed example (497.163 h, optimal)", async () => {
  const { lots } = parseLotsCsv(await Deno.readTextFile(benchPath("seed/lots.csv")));
  const s = await opt(lots, { timeLimitSec: 20 });
  assert(Math.abs(s.kpis.makespanHours - 497.163) < 1e-3, `${s.kpis.makespanHours}`);
  assertEquals(s.status, "optimal");
  assert(s.bound.provenOptimal);
  assert(s.elapsedMs < 10_000, "it does not wait for the time limit once optimal");
});

Deno.test("opt-pack returns within its time limit (loosely) on 500 lots", async () => {
  const { lots } = parseLotsCsv(await Deno.readTextFile(benchPath("seed/lots_large.csv")));
  const t0 = performance.now();
  const s = await opt(lots, { timeLimitSec: 1 });
  const elapsed = performance.now() - t0;
  assert(elapsed < 3_000, `took ${elapsed} ms`);
  assertEquals(validateSchedule(lots, s.activities, s.config), []);
  assert(["time_limit", "optimal"].includes(s.status), s.status);
});

Deno.test("opt-pack progress: phases in order, incumbent never rises, bound never falls", async () => {
  const lots = randomLots(21, 150, 4, 1, 110);
  const updates: ProgressUpdate[] = [];
  const s = await opt(lots, { timeLimitSec: 0.6 }, {
    onProgress: (u: ProgressUpdate) => updates.push(u),
  });
  const phases = updates.map((u) => u.phase).filter((p) => p !== "validating");
  const order = ["constructing", "bounding", "improving"];
  const ranks = phases.map((p) => order.indexOf(p));
  assert(ranks.every((r) => r >= 0), `unexpected phase in ${phases}`);
  assert(ranks.every((r, k) => k === 0 || r >= ranks[k - 1]!), `phases out of order: ${phases}`);
  assertEquals(phases[0], "constructing");
  const own = updates.filter((u) => u.incumbentHours !== undefined);
  for (let k = 1; k < own.length; k++) {
    assert(own[k]!.incumbentHours! <= own[k - 1]!.incumbentHours! + 1e-9, "incumbent rose");
    assert(own[k]!.lowerBoundHours! >= own[k - 1]!.lowerBoundHours! - 1e-9, "bound fell");
    assert(own[k]!.percent! >= 0 && own[k]!.percent! <= 100);
  }
  const last = own[own.length - 1]!;
  assert(
    Math.abs(last.incumbentHours! - s.kpis.makespanHours) < 1e-6,
    `last update ${JSON.stringify(last)} vs result ${s.kpis.makespanHours}`,
  );
  assertEquals(last.percent, 100);
});

Deno.test("opt-pack: bad option values are rejected naming the option", async () => {
  const lots = randomLots(1, 5, 2);
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ timeLimitSec: -1 }, /strategyOptions\.opt-pack\.timeLimitSec must be >= 0/],
    [{ seed: 1.5 }, /strategyOptions\.opt-pack\.seed must be a whole number/],
    [{ lnsBlocks: 9 }, /strategyOptions\.opt-pack\.lnsBlocks must be <= 6/],
    [{ maxIterations: "many" }, /strategyOptions\.opt-pack\.maxIterations must be a number/],
    [{ speed: 3 }, /opt-pack\.speed must be an option of opt-pack \(.*\), got "speed"/],
  ];
  for (const [options, message] of bad) {
    await rejects(opt(lots, options), (e: unknown) => {
      assert(e instanceof InputError);
      assert(message.test(e.message), e.message);
      return true;
    });
  }
});

Deno.test("opt-pack: an abort stops the search with CancelledError", async () => {
  const lots = randomLots(31, 300, 4, 1, 110);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), 150);
  const t0 = performance.now();
  try {
    await rejects(opt(lots, { timeLimitSec: 20 }, { signal: ctl.signal }), CancelledError);
  } finally {
    clearTimeout(timer);
  }
  assert(performance.now() - t0 < 10_000);
});

Deno.test("opt-pack works without heuristics and on empty or single-block input", async () => {
  const alone = createOptPack([]);
  const reg = new Registry([alone]);
  const lots = randomLots(41, 40, 3, 1, 50);
  const s = await runSchedule(lots, withOptions({ maxIterations: 2_000 }), {
    strategy: "opt-pack",
    startMs: 0,
    registry: reg,
  });
  assertEquals(validateSchedule(lots, s.activities, s.config), []);
  const one = await runSchedule(lots.slice(0, 1), DEFAULT_CONFIG, {
    strategy: "opt-pack",
    startMs: 0,
    registry: reg,
  });
  assertEquals(one.status, "optimal");
  const out = await alone.run({ lots: [], config: DEFAULT_CONFIG, options: {} });
  assertEquals(out.plan, []);
});

Deno.test("opt-pack closes a triplet bin-packing instance (every block exactly full) and proves it", async () => {
  const { lots } = parseLotsCsv(
    await Deno.readTextFile(benchPath("binpack/falkenauer_t/t60_00.csv")),
  );
  const config: SchedulerConfig = {
    ...DEFAULT_CONFIG,
    fillRateVph: 1,
    windowHours: 1000,
    cleanHours: 1,
    chgSameHours: 0,
    chgDiffHours: 0,
    strategyOptions: { "opt-pack": { maxIterations: 500_000, timeLimitSec: 60 } },
  };
  const s = await runSchedule(lots, config, { strategy: "opt-pack", startMs: 0 });
  assertEquals(s.kpis.cleans, 20);
  assert(s.bound.provenOptimal);
  assertEquals(validateSchedule(lots, s.activities, s.config), []);
});

Deno.test("opt-pack takes the better schedule its bound meets: skewed_n60 at its optimum with one search step", async () => {
  // Its constructions end at 3991.56 h and one search iteration does not close the 8 h (without
  // taking the bound's schedule the plan stays there). The bound's search over partitions, asked
  // to prove 3991.56 h, meets better schedules until it proves 3983.56 h (no run bound here:
  // opt-pack's own proves it).
  const { lots } = parseLotsCsv(await Deno.readTextFile(benchPath("public/skewed_n60_t6.csv")));
  // The iteration count ends the run; the limit only sizes the bound's share (a fifth), which
  // on a busy machine must still cover the ~0.8 s this proof takes.
  const s = await opt(lots, { maxIterations: 1, timeLimitSec: 60 });
  assertEquals(s.kpis.makespanHours.toFixed(2), "3983.56");
  assert(s.bound.provenOptimal);
  assertEquals(validateSchedule(lots, s.activities, s.config), []);
});
