import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
  rejects as assertRejects,
} from "node:assert/strict";
import { parse } from "csv-parse/sync";
import {
  comparedNames,
  type CompareProgress,
  compareRuns,
  compareStrategies,
} from "../../src/engine/compare.ts";
import { formatComparisonCsv } from "../../src/engine/formats/comparison_csv.ts";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { Registry, type Strategy } from "../../src/engine/registry.ts";
import { givenOrder, packInOrder } from "../../src/engine/strategies/given_order.ts";
import { CancelledError, InputError } from "../../src/engine/errors.ts";
import { SEED_LOTS } from "../_helpers/paths.ts";

/** Lots of one type first, then the next type: the classic grouping a good heuristic finds. */
const byType: Strategy = {
  name: "by-type",
  aliases: ["bt"],
  description: "given order after sorting by type",
  kind: "heuristic",
  options: [],
  run({ lots, config, onProgress }) {
    onProgress?.({ phase: "constructing", percent: 50, message: "half" });
    const sorted = [...lots].sort((a, b) => a.type.localeCompare(b.type));
    return { plan: packInOrder(sorted, config) };
  },
};
const broken: Strategy = {
  name: "broken",
  aliases: [],
  description: "drops a lot",
  kind: "heuristic",
  options: [],
  run({ lots, config }) {
    return { plan: packInOrder(lots.slice(1), config) };
  },
};
const reg = new Registry([givenOrder, byType, broken]);

async function seed() {
  return parseLotsCsv(await Deno.readTextFile(SEED_LOTS)).lots;
}

Deno.test("comparedNames() puts the given order first; all is every strategy", () => {
  assertEquals(comparedNames(["bt", "x"], reg), ["given-order", "bt", "x"]);
  assertEquals(comparedNames("all", reg), ["given-order", "given-order", "by-type", "broken"]);
});

Deno.test("compareStrategies() gives deltas vs the given order, gaps and the best run", async () => {
  const lots = await seed();
  const updates: CompareProgress[] = [];
  const r = await compareStrategies(lots, DEFAULT_CONFIG, {
    strategies: "all",
    startMs: 0,
    registry: reg,
    onProgress: (u) => updates.push(u),
  });
  assertEquals(r.runs.map((x) => x.strategy), ["given-order", "by-type", "broken"]);
  const [given, bt, bad] = r.runs;
  assertEquals(given!.delta, { makespanHours: 0, cleans: 0, changeoverHours: 0 });
  const gk = given!.schedule!.kpis, bk = bt!.schedule!.kpis;
  assertEquals(bt!.delta!.makespanHours, bk.makespanHours - gk.makespanHours);
  assertEquals(bt!.delta!.cleans, bk.cleans - gk.cleans);
  assertEquals(bt!.delta!.changeoverHours, bk.changeoverHours - gk.changeoverHours);
  assertEquals(bad!.schedule, null);
  assertMatch(bad!.error!, /broken produced an invalid schedule.*never filled/);
  const best = [given!, bt!].sort((a, b) =>
    a.schedule!.kpis.makespanHours - b.schedule!.kpis.makespanHours
  )[0]!;
  assertEquals(r.best, best.strategy);
  assertEquals(r.lowerBoundHours, given!.schedule!.bound.lowerBoundHours);
  const gap = (bk.makespanHours - r.lowerBoundHours) / r.lowerBoundHours * 100;
  assert(Math.abs(bt!.gapPct! - gap) < 1e-9);
  assertEquals(given!.schedule!.startMs, 0);
  // Progress names each strategy and climbs to 100 % overall.
  assertEquals([...new Set(updates.map((u) => u.strategy))], ["given-order", "by-type", "broken"]);
  const half = updates.find((u) => u.strategy === "by-type" && u.percent === 50)!;
  assertEquals(half.overallPercent, 50);
  assertEquals(half.run, 1);
  assertEquals(half.runs, 3);
  assertEquals(updates.at(-1)!.overallPercent, 100);
  for (let i = 1; i < updates.length; i++) {
    assert(updates[i]!.overallPercent >= updates[i - 1]!.overallPercent - 1e-9);
  }
});

Deno.test("compareRuns() breaks makespan ties by cleans, then by name", async () => {
  const lots = await seed();
  const r = await compareStrategies(lots, DEFAULT_CONFIG, {
    strategies: ["given"],
    startMs: 0,
    registry: reg,
  });
  const run = r.runs[0]!;
  const k = run.schedule!.kpis;
  const more = {
    ...run,
    strategy: "a",
    schedule: { ...run.schedule!, kpis: { ...k, cleans: k.cleans + 1 } },
  };
  const z = { ...run, strategy: "z" };
  const y = { ...run, strategy: "y" };
  const worse = {
    ...run,
    strategy: "0",
    schedule: { ...run.schedule!, kpis: { ...k, makespanHours: k.makespanHours + 1 } },
  };
  const failed = { ...run, strategy: "00", schedule: null };
  assertEquals([more, z, worse, failed, y].sort(compareRuns).map((x) => x.strategy), [
    "y",
    "z",
    "a",
    "0",
    "00",
  ]);
  assertEquals(r.best, "given-order");
});

Deno.test("compareStrategies() rejects bad input once, before any run", async () => {
  await assertRejects(
    compareStrategies([], DEFAULT_CONFIG, { strategies: "all", registry: reg }),
    InputError,
  );
  await assertRejects(
    compareStrategies(await seed(), DEFAULT_CONFIG, { strategies: ["x"], registry: reg }),
    (e: unknown) => e instanceof InputError && e.issues[0]!.field === "strategies",
  );
});

Deno.test("compareStrategies() stops when its signal is aborted", async () => {
  const ctl = new AbortController();
  ctl.abort();
  await assertRejects(
    compareStrategies(await seed(), DEFAULT_CONFIG, {
      strategies: "all",
      registry: reg,
      signal: ctl.signal,
    }),
    CancelledError,
  );
});

Deno.test("compareStrategies() passes the sequence to the given order", async () => {
  const lots = await seed();
  const seq = lots.map((l) => l.id).reverse();
  const r = await compareStrategies(lots, DEFAULT_CONFIG, {
    strategies: [],
    startMs: 0,
    sequence: seq,
    registry: reg,
  });
  const fills = r.runs[0]!.schedule!.activities.filter((a) => a.kind === "FILL");
  assertEquals(fills.map((a) => a.lotId), seq);
});

Deno.test("formatComparisonCsv() writes a row per run with deltas, best and errors", async () => {
  const lots = await seed();
  const r = await compareStrategies(lots, DEFAULT_CONFIG, {
    strategies: "all",
    startMs: 0,
    registry: reg,
  });
  const rows = parse(formatComparisonCsv(r), { columns: true }) as Record<string, string>[];
  assertEquals(rows.map((x) => x.Strategy), ["given-order", "by-type", "broken"]);
  assertEquals(rows.filter((x) => x.Best === "yes").map((x) => x.Strategy), [r.best]);
  assertEquals(
    Number(rows[1]!["Makespan h"]),
    Number(r.runs[1]!.schedule!.kpis.makespanHours.toFixed(4)),
  );
  assertEquals(Number(rows[1]!["Delta cleans"]), r.runs[1]!.delta!.cleans);
  assertEquals(rows[2]!.Status, "error");
  assertMatch(rows[2]!.Error!, /invalid schedule/);
});
