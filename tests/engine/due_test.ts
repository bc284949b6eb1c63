/**
 * Due dates and priorities: reading them from the lots CSV, lateness KPIs, the objectives that
 * re-sequence for them (never past their makespan limit), and the tardiness bound, which stays at
 * most the brute-force optimum on tiny instances with calendars.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { computeDueKpis, tardinessLowerBound } from "../../src/engine/due.ts";
import { planActivities } from "../../src/engine/planner.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { canonicalRequest } from "../../src/engine/run_request.ts";
import type { Downtime, LineConfig, Lot } from "../../src/engine/model.ts";
import { blockHours, type Stop, tinyInstance } from "../_helpers/brute_force.ts";
import { lot, TINY } from "./_tiny.ts";

const START = Date.UTC(2026, 0, 5, 6);
const HOUR = 3_600_000;
const iso = (h: number) => new Date(START + h * HOUR).toISOString();

Deno.test("parseLotsCsv() reads optional Due and Priority columns; bad values name line, field and lot", () => {
  const ok = parseLotsCsv(
    "Lot ID,Type,Vials,Due,Priority\na,T,10,2026-01-06 08:00,2\nb,T,10,,\n",
    { ...TINY, timeZone: "Europe/Berlin" },
  );
  assertEquals(ok.issues, []);
  assertEquals(ok.lots[0]!.dueMs, Date.UTC(2026, 0, 6, 7));
  assertEquals(ok.lots[0]!.priority, 2);
  assertEquals([ok.lots[1]!.dueMs, ok.lots[1]!.priority], [undefined, undefined]);
  const bad = parseLotsCsv(
    "Lot ID,Type,Vials,due,PRIORITY\nx,T,10,friday,0\ny,T,10,2026-13-01,-\n",
    TINY,
  );
  assertEquals(bad.lots, []);
  assertEquals(bad.issues.map((i) => [i.code, i.line, i.field, i.lotId]), [
    ["INVALID_DUE", 2, "Due", "x"],
    ["INVALID_PRIORITY", 2, "Priority", "x"],
    ["INVALID_DUE", 3, "Due", "y"],
    ["INVALID_PRIORITY", 3, "Priority", "y"],
  ]);
  assert(bad.issues[0]!.message.startsWith("line 2 (lot x): Due must be ISO 8601"));
});

Deno.test("computeDueKpis() measures lateness, tardiness and on-time lots against completions", () => {
  const a = { ...lot("a", "T1", 3), dueMs: START + 4 * HOUR, priority: 3 };
  const b = { ...lot("b", "T1", 3), dueMs: START + 20 * HOUR };
  const c = lot("c", "T1", 2);
  // CLEAN 0–2, a 2–5 (1 h late), chg 5–6, b 6–9 (11 h early), chg 9–10, c 10–12 (no due date).
  const due = computeDueKpis([a, b, c], planActivities([[a, b, c]], TINY), START)!;
  assertEquals(
    [due.lotsWithDue, due.onTime, due.late, due.tardinessHours, due.weightedTardinessHours],
    [2, 1, 1, 1, 3],
  );
  assertEquals(due.maxLatenessHours, 1);
  assertEquals(due.lots.map((d) => [d.lotId, d.latenessH]), [["a", 1], ["b", -11]]);
  assertEquals(computeDueKpis([c], planActivities([[c]], TINY), START), undefined);
});

Deno.test("a tardiness objective without any due date is refused naming the objective", () => {
  const config: SchedulerConfig = { ...DEFAULT_CONFIG, objective: "tardiness" };
  const issues = canonicalRequest(config, { lots: [lot("a", "T", 1)] }).issues;
  assertEquals(issues.map((i) => [i.code, i.field]), [["NO_DUE_DATES", "objective"]]);
});

/** Lots of a tiny instance with seeded due dates and priorities across its likely span. */
function withDue(lots: readonly Lot[], seed: number, horizon: number): Lot[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  return lots.map((l) => ({
    ...l,
    dueMs: START + Math.round(rnd() * horizon) * HOUR,
    priority: 1 + Math.floor(rnd() * 3),
  }));
}

Deno.test("makespan-then-tardiness keeps the makespan and lowers the tardiness; tardiness stays within its tolerance", async () => {
  for (let seed = 1; seed <= 6; seed++) {
    const { lots: raw, config: line } = tinyInstance(seed * 13 + 5, 9);
    const lots = withDue(raw, seed, 3 * line.windowHours);
    const base: SchedulerConfig = { ...DEFAULT_CONFIG, ...line, startTime: iso(0) };
    const opts = { strategy: "lpt-pack", boundBudgetMs: 0 };
    const plain = await runSchedule(lots, base, opts);
    const lex = await runSchedule(lots, { ...base, objective: "makespan-then-tardiness" }, opts);
    const tol = await runSchedule(
      lots,
      { ...base, objective: "tardiness", makespanTolerancePct: 10 },
      opts,
    );
    const at = `seed ${seed}`;
    assert(lex.kpis.makespanHours <= plain.kpis.makespanHours + 1e-9, at);
    const w = (s: typeof plain) => s.kpis.due!.weightedTardinessHours;
    assert(w(lex) <= w(plain) + 1e-9, at);
    assert(tol.kpis.makespanHours <= plain.kpis.makespanHours * 1.1 + 1e-9, at);
    assert(w(tol) <= w(lex) + 1e-9, `${at}: ${w(tol)} > ${w(lex)}`);
    assertEquals([lex.objective, tol.objective, plain.objective], [
      "makespan-then-tardiness",
      "tardiness",
      undefined,
    ]);
    for (const s of [lex, tol]) {
      assert(s.bound.tardiness!.lowerBoundHours <= w(s) + 1e-9, at);
    }
  }
});

/** The smallest weighted tardiness of any schedule (every order, every cut into blocks). */
function bruteForceTardiness(
  lots: readonly Lot[],
  config: LineConfig,
  stops: readonly Stop[],
): number {
  const dueH = (l: Lot) => (l.dueMs! - START) / HOUR;
  let best = Infinity;
  const fit = (t: number, hours: number) => {
    let s = t;
    for (let moved = true; moved;) {
      moved = false;
      for (const d of stops) {
        if (s < d.endH && s + hours > d.startH + 1e-9) [s, moved] = [d.endH, true];
      }
    }
    return s;
  };
  const order: Lot[] = [];
  const used = new Set<number>();
  const cost = (cuts: number): number => {
    let t = 0, w = 0, from = 0;
    for (let i = 0; i < order.length; i++) {
      const last = i === order.length - 1 || (cuts & (1 << i)) !== 0;
      if (!last) continue;
      const block = order.slice(from, i + 1);
      const hours = blockHours(block, config);
      if (hours > config.windowHours + 1e-9) return Infinity;
      t = fit(t, config.cleanHours + hours) + config.cleanHours;
      let prev: string | null = null;
      for (const l of block) {
        if (prev !== null) t += l.type === prev ? config.chgSameHours : config.chgDiffHours;
        t += l.vials / config.fillRateVph;
        prev = l.type;
        w += (l.priority ?? 1) * Math.max(0, t - dueH(l));
      }
      from = i + 1;
    }
    return w;
  };
  const visit = () => {
    if (order.length === lots.length) {
      for (let cuts = 0; cuts < 1 << (lots.length - 1); cuts++) best = Math.min(best, cost(cuts));
      return;
    }
    lots.forEach((l, i) => {
      if (used.has(i)) return;
      used.add(i);
      order.push(l);
      visit();
      order.pop();
      used.delete(i);
    });
  };
  visit();
  return best;
}

Deno.test("the tardiness bound is at most the brute-force optimum on tiny instances with calendars", () => {
  for (let seed = 1; seed <= 12; seed++) {
    const { lots: raw, config: line } = tinyInstance(seed * 29 + 1, 3 + (seed % 3));
    const lots = withDue(raw, seed * 3, 2 * line.windowHours);
    const stops: Downtime[] = seed % 2
      ? [{ startH: line.cleanHours + 1, endH: line.cleanHours + 9, reason: "" }]
      : [];
    const optimum = bruteForceTardiness(lots, line, stops);
    const bound = tardinessLowerBound(lots, line, START, stops).lowerBoundHours;
    assert(bound <= optimum + 1e-6, `seed ${seed}: bound ${bound} > optimum ${optimum}`);
  }
});
