import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  blockSplitBound,
  columnGenerationBound,
  masterLpMs,
} from "../../../src/engine/bounds/column_generation.ts";
import { continuousBound } from "../../../src/engine/bounds/continuous.ts";
import { computeLowerBound } from "../../../src/engine/bounds/mod.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import type { ProgressUpdate } from "../../../src/engine/progress.ts";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import { runSchedule } from "../../../src/engine/run_schedule.ts";
import { bruteForceOptimum, tinyInstance } from "../../_helpers/brute_force.ts";
import { benchPath, SEED_LOTS } from "../../_helpers/paths.ts";

const SEED_OPTIMUM = 497.163;

Deno.test("column generation: every bound ≤ the brute-force optimum on random small instances", async () => {
  let tight = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const { lots, config } = tinyInstance(seed, 3 + (seed % 7));
    const opt = bruteForceOptimum(lots, config).makespanHours;
    const cg = await columnGenerationBound(lots, config, { budgetMs: 2000 });
    assert(cg.converged, `seed ${seed} did not converge`);
    assert(cg.lowerBoundHours <= opt + 1e-7, `seed ${seed}: bound ${cg.lowerBoundHours} > ${opt}`);
    const best = await computeLowerBound(lots, config, { budgetMs: 2000 });
    assert(best.lowerBoundHours <= opt + 1e-7, `seed ${seed}: ${best.method} above optimum`);
    assert(best.lowerBoundHours >= continuousBound(lots, config) - 1e-9);
    if (best.lowerBoundHours >= opt - 1e-7) tight++;
  }
  // The LP bound is usually tight on such instances; a weak bound would show here.
  assert(tight >= 15, `only ${tight} of 30 bounds were tight`);
});

/**
 * A clock that stands still until `jump()`, then reads far past any budget: the run's next
 * budget check must end it.
 */
function steppedClock() {
  let now = 0;
  return { clock: () => now, jump: () => now = 1e12 };
}

Deno.test("column generation stops between rounds when the budget ends, with a valid bound", async () => {
  let stopped = 0;
  for (let seed = 40; seed <= 55; seed++) {
    const { lots, config } = tinyInstance(seed, 9);
    const opt = bruteForceOptimum(lots, config).makespanHours;
    // The budget ends during the first round: the round's report is the last thing it does.
    const { clock, jump } = steppedClock();
    const cg = await columnGenerationBound(lots, config, {
      budgetMs: 10_000,
      clock,
      onProgress: jump,
    });
    if (cg.converged) continue; // the first round already proved the LP optimal
    assertEquals(cg.iterations, 1, `seed ${seed}`);
    assert(cg.stoppedByBudget, `seed ${seed}`);
    assert(cg.lowerBoundHours <= opt + 1e-7, `seed ${seed}: ${cg.lowerBoundHours} > ${opt}`);
    stopped++;
  }
  assert(stopped >= 5, `only ${stopped} runs needed a second round`);
});

Deno.test("computeLowerBound() reports a stop by the budget and the time it took on its clock", async () => {
  const { lots } = parseLotsCsv(
    await Deno.readTextFile(benchPath("public/uniform_n100_t4.csv")),
  );
  const { clock, jump } = steppedClock();
  const lb = await computeLowerBound(lots, DEFAULT_CONFIG, {
    budgetMs: 10_000,
    clock,
    onProgress: jump,
  });
  assert(lb.stoppedByBudget);
  assertEquals(lb.elapsedMs, 1e12);
  assert(lb.lowerBoundHours >= continuousBound(lots, DEFAULT_CONFIG));
  const full = await computeLowerBound(lots, DEFAULT_CONFIG, { budgetMs: 0 });
  assertEquals(full.stoppedByBudget, false);
});

Deno.test("column generation does not start an LP its size says cannot finish in the budget", async () => {
  // 3,000 lots of distinct sizes: the first master LP has 3,000 rows, far beyond 50 ms.
  const config = { ...DEFAULT_CONFIG, fillRateVph: 1 };
  const lots = Array.from({ length: 3000 }, (_, i) => ({
    id: `L${i}`,
    type: `T${i % 7}`,
    vials: 1 + (i * 37) % 100,
  }));
  assert(masterLpMs(3000) > 50);
  const { clock } = steppedClock();
  const cg = await columnGenerationBound(lots, config, { budgetMs: 50, clock });
  assertEquals(cg.iterations, 0);
  assert(cg.stoppedByBudget);
  const lb = await computeLowerBound(lots, config, { budgetMs: 50, clock });
  assertEquals(lb.method, "continuous");
  assert(lb.stoppedByBudget);
});

Deno.test("computeLowerBound() on the seed: ≤ 497.16 h, and names its method", async () => {
  const { lots } = parseLotsCsv(await Deno.readTextFile(SEED_LOTS));
  const closed = await computeLowerBound(lots, DEFAULT_CONFIG);
  assertEquals(closed.method, "continuous");
  const updates: ProgressUpdate[] = [];
  const lb = await computeLowerBound(lots, DEFAULT_CONFIG, {
    budgetMs: 5000,
    onProgress: (u) => updates.push(u),
  });
  assert(lb.lowerBoundHours <= SEED_OPTIMUM + 1e-6);
  assert(Math.abs(lb.lowerBoundHours - SEED_OPTIMUM) < 1e-3, `${lb.lowerBoundHours}`);
  assert(["continuous", "column-generation"].includes(lb.method));
  assert(updates.length > 0 && updates.every((u) => u.phase === "bounding"));
  for (let i = 1; i < updates.length; i++) {
    assert(updates[i]!.lowerBoundHours! >= updates[i - 1]!.lowerBoundHours!, "bound went down");
  }
});

Deno.test("computeLowerBound() reports column generation when it beats the continuous bound", async () => {
  // Lots of 70 h: two never share a block, so 3 lots need 3 blocks; the continuous bound
  // (area only) allows 2.
  const lots = ["a", "b", "c"].map((id) => ({ id, type: "X", vials: 70 }));
  const config = { ...DEFAULT_CONFIG, fillRateVph: 1 };
  const lb = await computeLowerBound(lots, config, { budgetMs: 5000 });
  assertEquals(lb.method, "column-generation");
  assertEquals(lb.lowerBoundHours, 3 * 24 + 210);
  assert(continuousBound(lots, config) < lb.lowerBoundHours);
});

Deno.test("computeLowerBound() returns at once when the signal is already aborted", async () => {
  const { lots, config } = tinyInstance(3, 9);
  const ac = new AbortController();
  ac.abort();
  const lb = await computeLowerBound(lots, config, { budgetMs: 10_000, signal: ac.signal });
  assertEquals(lb.lowerBoundHours, continuousBound(lots, config));
  assertEquals(lb.method, "continuous");
  assertEquals(lb.stoppedByBudget, false);
  const cg = await columnGenerationBound(lots, config, { budgetMs: 10_000, signal: ac.signal });
  assertEquals(cg.iterations, 0);
  assertEquals(cg.lowerBoundHours, 0);
});

Deno.test("runSchedule() with a bound budget reports bounding progress and the better bound", async () => {
  const lots = ["a", "b", "c"].map((id) => ({ id, type: "X", vials: 70 }));
  const config = { ...DEFAULT_CONFIG, fillRateVph: 1 };
  const updates: ProgressUpdate[] = [];
  const s = await runSchedule(lots, config, {
    strategy: "given-order",
    startMs: 0,
    boundBudgetMs: 5000,
    onProgress: (u) => updates.push(u),
  });
  assertEquals(s.bound.method, "column-generation");
  assert(s.bound.provenOptimal);
  assert(updates.some((u) => u.phase === "bounding"));
});

Deno.test("blockSplitBound() stays ≤ the brute-force optimum and lifts fractional-block LPs", async () => {
  let lifted = 0;
  let split = 0;
  for (let seed = 60; seed <= 90; seed++) {
    const { lots, config } = tinyInstance(seed, 5 + (seed % 5));
    const opt = bruteForceOptimum(lots, config).makespanHours;
    const first = await columnGenerationBound(lots, config, { budgetMs: 2000 });
    const bound = (await blockSplitBound(lots, config, first, { budgetMs: 2000 })).lowerBoundHours;
    assert(bound <= opt + 1e-7, `seed ${seed}: split bound ${bound} > optimum ${opt}`);
    assert(bound >= first.lowerBoundHours);
    if (Math.abs(first.lpBlocks - Math.round(first.lpBlocks)) > 1e-6) split++;
    if (bound > first.lowerBoundHours + 1e-9) lifted++;
  }
  assert(split > 0, "no instance had a fractional LP block count");
  assert(lifted > 0, "splitting never helped");
});

Deno.test("skewed_n30: splitting on blocks reaches the reference bound 2474.49 h", async () => {
  const { lots } = parseLotsCsv(
    await Deno.readTextFile(benchPath("public/skewed_n30_t6.csv")),
  );
  const lb = await computeLowerBound(lots, DEFAULT_CONFIG, { budgetMs: 5000 });
  assert(Math.abs(lb.lowerBoundHours - 2474.49) < 1e-3, `${lb.lowerBoundHours}`);
});

Deno.test("column generation seeded with a known schedule: a valid bound, as strong up to it", async () => {
  let reached = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const { lots, config } = tinyInstance(seed, 3 + (seed % 7));
    const line = seed % 2 ? config : { ...config, chgSameHours: 0, chgDiffHours: 0 };
    const { makespanHours: opt, plan } = bruteForceOptimum(lots, line);
    const full = await columnGenerationBound(lots, line, { budgetMs: 2000 });
    const seeded = await columnGenerationBound(lots, line, {
      budgetMs: 2000,
      upperBoundHours: opt,
      incumbent: plan,
    });
    const where = `seed ${seed}`;
    assert(seeded.lowerBoundHours <= opt + 1e-7, `${where}: ${seeded.lowerBoundHours} > ${opt}`);
    // It stops early only once its bound proves the schedule; else it runs as without it.
    assert(seeded.lowerBoundHours >= Math.min(opt, full.lowerBoundHours) - 1e-7, where);
    if (!seeded.converged && seeded.lowerBoundHours >= opt - 1e-7) reached++;
  }
  assert(reached >= 1, "no run stopped at the known schedule");
});
