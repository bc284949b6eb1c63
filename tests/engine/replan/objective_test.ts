/** A re-plan optimizes the configured objective: due dates count, the frozen prefix stays. */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  DEFAULT_CONFIG,
  type Lot,
  replanSchedule,
  runSchedule,
  type SchedulerConfig,
} from "../../../src/engine/mod.ts";

const HOUR_MS = 3_600_000;

/** 40 lots of 3 types, due dates spread over the plan (seeded), priorities 1–3. */
function lotsWithDue(seed: number): Lot[] {
  let a = seed >>> 0;
  const r = () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
  return Array.from({ length: 40 }, (_, i) => ({
    id: `L${i}`,
    type: `T${i % 3}`,
    vials: 20_000 + Math.floor(r() * 300_000),
    dueMs: Math.floor(r() * 2000) * HOUR_MS,
    priority: 1 + Math.floor(r() * 3),
  }));
}

Deno.test("replan: with a tardiness objective the re-planned part is sequenced for due dates", async () => {
  let better = 0;
  for (const seed of [1, 2, 3, 4]) {
    const lots = lotsWithDue(seed);
    const base: SchedulerConfig = { ...DEFAULT_CONFIG, strategy: "lpt-pack" };
    const parent = await runSchedule(lots, base, { startMs: 0 });
    const nowMs = parent.kpis.makespanHours * 0.3 * HOUR_MS;
    const plain = await replanSchedule(parent, base, { nowMs, boundBudgetMs: 0 });
    const tardy = await replanSchedule(
      parent,
      { ...base, objective: "makespan-then-tardiness" },
      { nowMs, boundBudgetMs: 0 },
    );
    // The frozen prefix is the same in both (replanSchedule refuses a plan that moves it).
    assertEquals(tardy.report.frozenLots, plain.report.frozenLots);
    const n = tardy.report.frozenLots.length;
    assert(n > 0 && n < lots.length, `seed ${seed}: ${n} frozen`);
    assertEquals(
      tardy.schedule.activities.slice(0, n).map((a) => a.lotId),
      plain.schedule.activities.slice(0, n).map((a) => a.lotId),
    );
    // Lexicographic: never a longer plan, never more weighted tardiness.
    assertEquals(tardy.schedule.objective, "makespan-then-tardiness");
    assert(tardy.schedule.kpis.makespanHours <= plain.schedule.kpis.makespanHours + 1e-9);
    const wt = (s: typeof plain.schedule) => s.kpis.due!.weightedTardinessHours;
    assert(wt(tardy.schedule) <= wt(plain.schedule) + 1e-9, `seed ${seed}`);
    if (wt(tardy.schedule) < wt(plain.schedule) - 1e-6) better++;
    const tb = tardy.schedule.bound.tardiness;
    assert(tb && tb.lowerBoundHours <= wt(tardy.schedule) + 1e-9);
  }
  assert(better >= 2, `due dates improved on ${better} of 4 instances`);
});
