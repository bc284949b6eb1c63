import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
  rejects as assertRejects,
} from "node:assert/strict";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { boundOf } from "../../src/engine/gap.ts";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import { Registry, type Strategy } from "../../src/engine/registry.ts";
import { givenOrder, packInOrder } from "../../src/engine/strategies/given_order.ts";
import { CancelledError, InputError } from "../../src/engine/errors.ts";
import type { ProgressUpdate } from "../../src/engine/progress.ts";
import { lot, TINY } from "./_tiny.ts";

const CFG: SchedulerConfig = { ...DEFAULT_CONFIG, ...TINY, strategy: "given-order" };
const LOTS = [lot("a", "T1", 2), lot("b", "T2", 3), lot("c", "T1", 4), lot("d", "T2", 6)];

const claims: Strategy = {
  name: "claims-bound",
  aliases: [],
  description: "given order that also reports a bound and a warning",
  kind: "optimizer",
  options: [{ name: "level", type: "integer", default: 1, min: 0, description: "x" }],
  run({ lots, config, options }) {
    return {
      plan: packInOrder(lots, config),
      status: "feasible",
      lowerBoundHours: 100 * Number(options.level),
      boundMethod: "claimed",
      warnings: [{ message: "just so" }],
    };
  },
};
const splitter: Strategy = {
  ...claims,
  name: "splitter",
  run: ({ lots, config }) => ({ plan: packInOrder([...lots, lots[0]!], config) }),
};
const reg = new Registry([givenOrder, claims, splitter]);

Deno.test("runSchedule() plans, measures and bounds a schedule", async () => {
  const phases: ProgressUpdate[] = [];
  const s = await runSchedule(LOTS, CFG, { startMs: 7, onProgress: (u) => phases.push(u) });
  assertEquals(s.strategy, "given-order");
  assertEquals(s.startMs, 7);
  assertEquals(s.config, TINY);
  // a | b after 3 h changeover (5+3=8 used) | c: 8+3+4 > 10 → new block; c, d: 4+3+6 > 10 → new block.
  assertEquals(s.plan.map((b) => b.map((l) => l.id)), [["a", "b"], ["c"], ["d"]]);
  assertEquals(s.kpis.makespanHours, 2 * 3 + 2 + 3 + 3 + 4 + 6);
  assertEquals(s.status, "heuristic");
  assertEquals(s.validation, { errors: [], warnings: [] });
  assert(s.bound.lowerBoundHours <= s.kpis.makespanHours);
  assertEquals(s.bound.method, "continuous");
  assertEquals(phases[0]!.phase, "validating");
  assert(s.elapsedMs >= 0);
});

Deno.test("runSchedule() takes a strategy's own bound when it is better, and its warnings", async () => {
  const s = await runSchedule(LOTS, CFG, { strategy: "claims_bound", startMs: 0, registry: reg });
  // The claimed bound reaches the plan's makespan, which proves the "feasible" plan optimal.
  assert(s.bound.provenOptimal);
  assertEquals(s.status, "optimal");
  assertEquals(s.bound.method, "claimed");
  assertEquals(s.bound.lowerBoundHours, 100);
  assertEquals(s.validation.warnings, [{ message: "just so" }]);
  const low = await runSchedule(
    LOTS,
    { ...CFG, strategyOptions: { "claims-bound": { level: 0 } } },
    {
      strategy: "claims-bound",
      startMs: 0,
      registry: reg,
    },
  );
  assertEquals(low.bound.method, "continuous");
});

Deno.test("runSchedule() rejects bad input, options, names, and invalid plans", async () => {
  await assertRejects(runSchedule([], CFG, { startMs: 0 }), InputError);
  await assertRejects(
    runSchedule(LOTS, { ...CFG, chgDiffHours: 0 }, { startMs: 0 }),
    (e: unknown) => e instanceof InputError && e.issues[0]!.field === "chgDiffHours",
  );
  await assertRejects(
    runSchedule(LOTS, { ...CFG, strategyOptions: { "claims-bound": { level: -1 } } }, {
      strategy: "claims-bound",
      registry: reg,
      startMs: 0,
    }),
    (e: unknown) =>
      e instanceof InputError && e.issues[0]!.field === "strategyOptions.claims-bound.level",
  );
  await assertRejects(
    runSchedule(LOTS, CFG, { strategy: "nope" }),
    (e: unknown) => e instanceof InputError && e.issues[0]!.field === "strategy",
  );
  await assertRejects(
    runSchedule(LOTS, CFG, { strategy: "splitter", registry: reg, startMs: 0 }),
    /splitter produced an invalid schedule: .*filled twice/,
  );
  const ctl = new AbortController();
  ctl.abort();
  await assertRejects(runSchedule(LOTS, CFG, { signal: ctl.signal, startMs: 0 }), CancelledError);
});

Deno.test("runSchedule() orders the given order by a sequence and reports unknown IDs", async () => {
  const s = await runSchedule(LOTS, CFG, { sequence: ["d", "x", "c"], startMs: 0 });
  assertEquals(s.plan.flat().map((l) => l.id), ["d", "c", "a", "b"]);
  const msgs = s.validation.warnings.map((w) => w.message).join("\n");
  assertMatch(msgs, /"x" matches no input lot/);
  assertMatch(msgs, /2 lot\(s\) not in the sequence follow in input order/);
});

Deno.test("boundOf() computes the gap and proves optimality only at the bound", () => {
  assertEquals(boundOf(110, 100, "m"), {
    lowerBoundHours: 100,
    method: "m",
    gapPct: 10,
    provenOptimal: false,
  });
  assertEquals(boundOf(100 + 1e-12, 100, "m").provenOptimal, true);
  assertEquals(boundOf(100.001, 100, "m").provenOptimal, false);
  assertEquals(boundOf(5, 0, "none").gapPct, 0);
});

Deno.test("runSchedule() keeps the incumbent and gap in bounding progress", async () => {
  const { parseLotsCsv } = await import("../../src/engine/formats/lots_csv.ts");
  const { benchPath } = await import("../_helpers/paths.ts");
  const { lots } = parseLotsCsv(
    await Deno.readTextFile(benchPath("public/uniform_n60_t4.csv")),
  );
  const updates: ProgressUpdate[] = [];
  const s = await runSchedule(lots, { ...DEFAULT_CONFIG, strategy: "given-order" }, {
    startMs: 0,
    boundBudgetMs: 300,
    onProgress: (u) => updates.push(u),
  });
  const bounding = updates.filter((u) => u.phase === "bounding");
  assert(bounding.length > 0, "column generation reports progress");
  for (const u of bounding) {
    assertEquals(u.incumbentHours, s.kpis.makespanHours);
    assert(u.percent !== undefined && u.percent >= 0 && u.percent <= 100);
    if (u.lowerBoundHours !== undefined) assert(u.lowerBoundHours <= s.kpis.makespanHours);
  }
});

Deno.test("runSchedule() spends no bound budget once the strategy proved optimality", async () => {
  const updates: ProgressUpdate[] = [];
  const config = {
    ...CFG,
    strategy: "claims-bound",
    strategyOptions: { "claims-bound": { level: 1e6 } },
  };
  const s = await runSchedule(LOTS, config, {
    startMs: 0,
    boundBudgetMs: 5_000,
    registry: new Registry([claims]),
    onProgress: (u) => updates.push(u),
  });
  assertEquals(updates.filter((u) => u.phase === "bounding"), []);
  assert(s.bound.provenOptimal);
  assertEquals(s.bound.method, "claimed");
});

Deno.test("runSchedule() calls a plan the bound proves optimal so, however its search ended", async () => {
  const timedOut: Strategy = {
    ...claims,
    name: "timed-out",
    run: ({ lots, config }) => ({ plan: packInOrder(lots, config), status: "time_limit" }),
  };
  const r = new Registry([givenOrder, timedOut]);
  // One lot: the continuous bound proves the only plan.
  const one = await runSchedule([lot("a", "T1", 2)], CFG, {
    strategy: "timed-out",
    startMs: 0,
    registry: r,
  });
  assert(one.bound.provenOptimal);
  assertEquals(one.status, "optimal");
  // Alternating types in the given order: a changeover more than needed, so nothing is proven.
  const open = await runSchedule(LOTS, CFG, { strategy: "timed-out", startMs: 0, registry: r });
  assert(!open.bound.provenOptimal);
  assertEquals(open.status, "time_limit");
});
