/**
 * Re-planning and rush lots around a line calendar, on seeded random instances: the frozen
 * prefix is identical, no activity overlaps a downtime, every bound (column generation's
 * included) is at most the brute-force optimum (every order and block split of the free lots,
 * timed by the planner, the frozen activities kept as they ran), a calendar that moves what
 * already ran is refused, and the rush ranking's costs are the planner's timings.
 */
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import {
  type Activity,
  applyInsertion,
  DEFAULT_CONFIG,
  type Downtime,
  firstFreeOf,
  frozenPrefix,
  InputError,
  type Lot,
  planActivities,
  planMakespan,
  rankInsertions,
  replanSchedule,
  runSchedule,
  type SchedulerConfig,
  validateSchedule,
} from "../../../src/engine/mod.ts";
import { tinyInstance } from "../../_helpers/brute_force.ts";

const TOL = 1e-6;
const HOUR_MS = 3_600_000;
const iso = (h: number) => new Date(h * HOUR_MS).toISOString();

/** Every permutation of `xs`. */
function* permutations<T>(xs: readonly T[]): Generator<T[]> {
  if (xs.length <= 1) return yield [...xs];
  for (let i = 0; i < xs.length; i++) {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) {
      yield [xs[i]!, ...rest];
    }
  }
}

/**
 * The least makespan of any plan a re-plan may produce: every order of the free lots, every split
 * into blocks, the first part continuing the open block or not, timed by the planner, and only
 * plans whose timing begins with the `frozen` activities as they ran. Without that last check the
 * planner, finding the continued open block across a downtime, cuts it anew from its CLEAN, frozen
 * lots included: with a CLEAN shorter than a changeover that re-times lots that have already run.
 */
function bruteForce(
  prefix: ReturnType<typeof frozenPrefix>,
  frozen: readonly Activity[],
  free: readonly Lot[],
  config: SchedulerConfig,
  downtimes: readonly Downtime[],
): number {
  let best = Infinity;
  const head = prefix.blocks.map((b) => [...b]);
  for (const order of permutations(free)) {
    for (let mask = 0; mask < 1 << Math.max(0, order.length - 1); mask++) {
      const blocks: Lot[][] = order.length ? [[order[0]!]] : [];
      for (let i = 1; i < order.length; i++) {
        if (mask & (1 << (i - 1))) blocks.push([order[i]!]);
        else blocks[blocks.length - 1]!.push(order[i]!);
      }
      const tries = [[...head, ...blocks]];
      if (prefix.open && blocks.length) {
        const merged = head.map((b) => [...b]);
        merged[merged.length - 1]!.push(...blocks[0]!);
        tries.push([...merged, ...blocks.slice(1)]);
      }
      for (const plan of tries) {
        // A block over the window is no plan; the planner would not cut it on its own.
        const fits = plan.every((b) =>
          b.reduce((u, l, i) =>
            u + l.vials / config.fillRateVph +
            (i ? (b[i - 1]!.type === l.type ? config.chgSameHours : config.chgDiffHours) : 0), 0) <=
            config.windowHours + 1e-9
        );
        if (fits && keepsFrozen(planActivities(plan, config, downtimes), frozen)) {
          best = Math.min(best, planMakespan(plan, config, downtimes));
        }
      }
    }
  }
  return best;
}

/** Whether `activities` begin with `frozen`: same kinds and lots, starting at the same hours. */
function keepsFrozen(activities: readonly Activity[], frozen: readonly Activity[]): boolean {
  return frozen.every((f, i) => {
    const a = activities[i];
    return !!a && a.kind === f.kind && a.lotId === f.lotId && Math.abs(a.startH - f.startH) < TOL;
  });
}

Deno.test("replan around a calendar: prefix identical, no overlap, bounds ≤ brute-force optimum", async () => {
  let checked = 0, byColumns = 0;
  for (let seed = 1; seed <= 24; seed++) {
    const inst = tinyInstance(seed * 17 + 1, 4 + (seed % 4));
    const base: SchedulerConfig = { ...DEFAULT_CONFIG, ...inst.config, strategy: "smart-pack" };
    const parent = await runSchedule(inst.lots, base, { startMs: 0 });
    const nowH = parent.kpis.makespanHours * (0.2 + (seed % 5) / 10);
    const prefix = frozenPrefix(parent.plan, base, nowH, seed % 3 === 0);
    // Downtimes after the frozen part: one right after it, one later.
    const a = prefix.endH + 1 + (seed % 7), b = a + inst.config.windowHours * 0.8;
    const calendar = [
      { start: iso(a), end: iso(a + 3 + (seed % 5)), reason: "maintenance" },
      { start: iso(b), end: iso(b + 10), reason: "holiday" },
    ];
    const config = { ...base, calendar };
    const strategy = ["opt-pack", "smart-pack", "given-order"][seed % 3]!;
    const { schedule: s, report } = await replanSchedule(parent, {
      ...config,
      strategyOptions: { "opt-pack": { timeLimitSec: 0.05, maxIterations: 200 } },
    }, {
      nowMs: nowH * HOUR_MS,
      freezeBlock: seed % 3 === 0,
      strategy,
      // Time for column generation (glpk.js's load included) on every seed: its bound is checked.
      boundBudgetMs: 5_000,
    });
    const at = `seed ${seed} (${strategy})`;
    const downtimes = s.calendar ?? [];
    assertEquals(downtimes.length, 2, at);
    const frozen = new Set(report.frozenLots);
    const kept = parent.activities.findLastIndex((x) => frozen.has(x.lotId ?? "")) + 1;
    assertEquals(s.activities.slice(0, kept), parent.activities.slice(0, kept), at);
    assertEquals(validateSchedule(inst.lots, s.activities, config, downtimes), [], at);
    for (const x of s.activities) {
      for (const d of downtimes) assert(x.endH <= d.startH + TOL || x.startH >= d.endH - TOL, at);
    }
    const free = parent.plan.flat().filter((l) => !prefix.frozenIds.has(l.id));
    if (free.length <= 5) {
      const optimum = bruteForce(prefix, parent.activities.slice(0, kept), free, config, downtimes);
      assert(
        s.bound.lowerBoundHours <= optimum + TOL,
        `${at}: bound ${s.bound.lowerBoundHours} > ${optimum}`,
      );
      assert(
        report.remainder.lowerBoundHours <= optimum - prefix.endH + TOL,
        `${at}: remainder bound above the optimum`,
      );
      // The brute force holds every plan a re-plan may produce, so this one's too.
      assert(s.kpis.makespanHours >= optimum - TOL, `${at}: makespan below the optimum`);
      if (s.bound.method.startsWith("column-generation")) byColumns++;
      checked++;
    }
    assert(s.bound.lowerBoundHours <= s.kpis.makespanHours + TOL, at);
  }
  assert(checked >= 10, `brute force ran on ${checked} instances`);
  // Column generation's bound is the best on seeds 10 and 11; seed 10's (46.33 h) is a third of
  // an hour below its optimum (46.67 h), with a CLEAN (1 h) shorter than the changeovers (3, 9 h).
  assert(byColumns >= 2, `column generation gave ${byColumns} of the checked bounds`);
});

Deno.test("replan refuses a calendar that moves what has already started", async () => {
  const inst = tinyInstance(5, 6);
  const config: SchedulerConfig = { ...DEFAULT_CONFIG, ...inst.config, strategy: "smart-pack" };
  const parent = await runSchedule(inst.lots, config, { startMs: 0 });
  const fill = parent.activities.find((a) => a.kind === "FILL")!;
  const calendar = [{ start: iso(fill.startH + 0.1), end: iso(fill.startH + 0.2), reason: "late" }];
  await rejects(
    replanSchedule(parent, { ...config, calendar }, { nowMs: (fill.endH - 0.01) * HOUR_MS }),
    (e: unknown) =>
      e instanceof InputError &&
      e.issues.some((i) => i.code === "FROZEN_LOT" && i.field === "calendar"),
  );
});

Deno.test("rush lot around a calendar: each place costs what the planner times, best first", async () => {
  for (let seed = 1; seed <= 15; seed++) {
    const inst = tinyInstance(seed * 29 + 3, 5 + (seed % 5));
    const config: SchedulerConfig = { ...DEFAULT_CONFIG, ...inst.config, strategy: "smart-pack" };
    const parent = await runSchedule(inst.lots, config, { startMs: 0 });
    const mid = parent.kpis.makespanHours / 2;
    const downtimes: Downtime[] = [{ startH: mid, endH: mid + 5, reason: "maintenance" }];
    const prefix = frozenPrefix(parent.plan, config, mid / 3, false);
    const rush = { id: "R", type: inst.lots[0]!.type, vials: inst.lots[0]!.vials };
    const ranked = rankInsertions(parent.plan, rush, config, firstFreeOf(prefix), downtimes);
    const base = planMakespan(parent.plan, config, downtimes);
    let best = Infinity;
    for (const o of ranked) {
      const ms = planMakespan(applyInsertion(parent.plan, rush, o, config), config, downtimes);
      assert(Math.abs(ms - base - o.makespanDeltaHours) < TOL, `seed ${seed} ${o.kind}`);
      best = Math.min(best, ms);
    }
    assert(Math.abs(base + ranked[0]!.makespanDeltaHours - best) < TOL, `seed ${seed}: best`);
  }
});
