/**
 * The line calendar: downtimes read from the config, every strategy's schedule timed around them
 * (no activity overlaps one, the line restarts with a CLEAN), and every bound it reports at most
 * the brute-force optimum around the same downtimes.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { canonicalRequest } from "../../src/engine/run_request.ts";
import { planActivities, planMakespan } from "../../src/engine/planner.ts";
import { validateSchedule } from "../../src/engine/validate.ts";
import { downtimesFrom, earliestFit, freeHoursReached } from "../../src/engine/calendar.ts";
import type { Activity, Downtime } from "../../src/engine/model.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { computeLowerBound } from "../../src/engine/bounds/mod.ts";
import { stretchBound } from "../../src/engine/bounds/calendar.ts";
import { explainCleans } from "../../src/engine/explain/why_clean.ts";
import { bruteForceCalendarOptimum, tinyInstance } from "../_helpers/brute_force.ts";
import { quickOptions } from "../_helpers/quick_options.ts";
import { lot, TINY } from "./_tiny.ts";

const START = Date.UTC(2026, 0, 5, 6);
const HOUR = 3_600_000;
const iso = (h: number) => new Date(START + h * HOUR).toISOString();

function overlaps(acts: readonly Activity[], stops: readonly Downtime[]): string[] {
  const bad: string[] = [];
  for (const a of acts) {
    for (const d of stops) {
      if (a.startH < d.endH - 1e-9 && a.endH > d.startH + 1e-9) {
        bad.push(`${a.kind} ${a.lotId ?? ""} ${a.startH}–${a.endH} overlaps ${d.startH}–${d.endH}`);
      }
    }
  }
  return bad;
}

Deno.test("a block that would cross a downtime ends before it; the line restarts with a CLEAN", () => {
  const a = lot("a", "T1", 3), b = lot("b", "T1", 3), c = lot("c", "T1", 2);
  // Without a stop: CLEAN 0–2, a 2–5, chg 5–6, b 6–9, chg 9–10, c 10–12.
  assertEquals(planMakespan([[a, b, c]], TINY), 12);
  const stop: Downtime = { startH: 8, endH: 20, reason: "maintenance" };
  const acts = planActivities([[a, b, c]], TINY, [stop]);
  assertEquals(overlaps(acts, [stop]), []);
  assertEquals(validateSchedule([a, b, c], acts, TINY, [stop]), []);
  // a runs before the stop; b cannot (it would end at 9), so a CLEAN follows the stop.
  assertEquals(
    acts.map((x) => [x.kind, x.lotId, x.startH, x.endH]),
    [
      ["CLEAN", null, 0, 2],
      ["FILL", "a", 2, 5],
      ["CLEAN", null, 20, 22],
      ["FILL", "b", 22, 25],
      ["CHANGEOVER", null, 25, 26],
      ["FILL", "c", 26, 28],
    ],
  );
  assert(acts[2]!.note.includes("after downtime"));
  assertEquals(planMakespan([[a, b, c]], TINY, [stop]), 28);
});

Deno.test("a block waits for a downtime when not even its CLEAN and first lot fit before it", () => {
  const a = lot("a", "T1", 1), b = lot("b", "T1", 6);
  // CLEAN 0–2 and a 2–3 would cross the stop at 2.5, so the whole block runs after it.
  const stop: Downtime = { startH: 2.5, endH: 4, reason: "" };
  const acts = planActivities([[a, b]], TINY, [stop]);
  assertEquals(acts.map((x) => x.startH), [4, 6, 7, 8]);
  assertEquals(validateSchedule([a, b], acts, TINY, [stop]), []);
});

Deno.test("downtimes are sorted, merged and clipped at the start; free time is counted around them", () => {
  const d = downtimesFrom([
    { startMs: START + 10 * HOUR, endMs: START + 12 * HOUR, reason: "b" },
    { startMs: START - 5 * HOUR, endMs: START - HOUR, reason: "past" },
    { startMs: START + 2 * HOUR, endMs: START + 4 * HOUR, reason: "a" },
    { startMs: START + 11 * HOUR, endMs: START + 15 * HOUR, reason: "c" },
  ], START);
  assertEquals(d, [
    { startH: 2, endH: 4, reason: "a" },
    { startH: 10, endH: 15, reason: "b; c" },
  ]);
  assertEquals(earliestFit(d, 0, 2), 0);
  assertEquals(earliestFit(d, 0, 3), 4);
  assertEquals(earliestFit(d, 4, 7), 15);
  assertEquals(freeHoursReached(d, 2), 2);
  assertEquals(freeHoursReached(d, 3), 5);
  assertEquals(freeHoursReached(d, 9), 16);
});

Deno.test("a calendar entry that cannot be read is refused naming its field", () => {
  const config: SchedulerConfig = {
    ...DEFAULT_CONFIG,
    startTime: iso(0),
    calendar: [
      { start: "2026-01-06 08:00", end: "2026-01-06 06:00", reason: "backwards" },
      { start: "tomorrow", end: "2026-01-07 06:00" },
    ],
  };
  const issues = canonicalRequest(config).issues;
  assertEquals(issues.map((i) => [i.code, i.field]), [
    ["INVALID_CALENDAR", "calendar.0.end"],
    ["INVALID_CALENDAR", "calendar.1.start"],
  ]);
  assert(issues[1]!.message.includes('"tomorrow"'));
});

Deno.test("calendar entries are read in the line's time zone", () => {
  const config: SchedulerConfig = {
    ...DEFAULT_CONFIG,
    timeZone: "Europe/Berlin",
    startTime: "2026-01-05 07:00",
    calendar: [{ start: "2026-01-05 09:00", end: "2026-01-05T10:00:00Z", reason: "x" }],
  };
  const r = canonicalRequest(config);
  assertEquals(r.issues, []);
  assertEquals(r.downtimes, [{ startH: 2, endH: 4, reason: "x" }]);
});

/** 1–3 random downtimes across the stretch a plan of `lots` might take. */
function randomStops(seed: number, horizon: number): Downtime[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const count = 1 + Math.floor(rnd() * 3);
  const out: Downtime[] = [];
  for (let k = 0; k < count; k++) {
    const startH = Math.round(rnd() * horizon * 4) / 4;
    out.push({ startH, endH: startH + 1 + Math.round(rnd() * 40) / 2, reason: `stop ${k + 1}` });
  }
  return out;
}

for (const strategy of registry.list()) {
  Deno.test(`calendar: ${strategy.name} never overlaps a downtime and its bounds stay below the optimum`, async () => {
    const count = strategy.kind === "optimizer" ? 3 : 8;
    for (let seed = 1; seed <= count; seed++) {
      const { lots, config: line } = tinyInstance(seed * 97 + 3, 3 + (seed % 6));
      const horizon = planMakespan([lots], { ...line, windowHours: Infinity });
      const stops = randomStops(seed * 7919, horizon);
      const config: SchedulerConfig = {
        ...DEFAULT_CONFIG,
        ...line,
        startTime: iso(0),
        calendar: stops.map((d) => ({ start: iso(d.startH), end: iso(d.endH), reason: d.reason })),
        strategyOptions: { [strategy.name]: quickOptions(strategy) },
      };
      const s = await runSchedule(lots, config, { strategy: strategy.name, boundBudgetMs: 100 });
      const at = `${strategy.name} seed ${seed}`;
      assertEquals(overlaps(s.activities, stops), [], at);
      assertEquals(validateSchedule(lots, s.activities, line, s.calendar), [], at);
      assertEquals(s.kpis.lots, lots.length, at);
      const optimum = bruteForceCalendarOptimum(lots, line, stops);
      assert(
        s.bound.lowerBoundHours <= optimum + 1e-6,
        `${at}: bound ${s.bound.lowerBoundHours} > ${optimum}`,
      );
      assert(s.kpis.makespanHours >= optimum - 1e-6, `${at}: makespan below the optimum`);
      const parts = s.kpis.fillHours + s.kpis.cleanHours + s.kpis.changeoverHours +
        s.kpis.idleHours;
      assert(Math.abs(parts - s.kpis.makespanHours) < 1e-6, `${at}: hours do not add up`);
    }
  });
}

Deno.test("the validator refuses an activity over a downtime and idle time that no downtime explains", () => {
  const a = lot("a", "T1", 3), b = lot("b", "T2", 3);
  const acts = planActivities([[a], [b]], TINY);
  const stop: Downtime = { startH: 3, endH: 4, reason: "audit" };
  const found = validateSchedule([a, b], acts, TINY, [stop]);
  assertEquals(found.map((i) => i.code), ["DOWNTIME_OVERLAP"]);
  assertEquals(found[0]!.lotId, "a");
  assert(found[0]!.message.includes("audit"));
  // The same schedule shifted by 1 h after the first block: a gap, and no downtime in it.
  const shifted = acts.map((x, k) => k >= 2 ? { ...x, startH: x.startH + 1, endH: x.endH + 1 } : x);
  assertEquals(validateSchedule([a, b], shifted, TINY).map((i) => i.code), ["ACTIVITY_GAP"]);
});

Deno.test("the calendar bounds stay at most the brute-force optimum on 150 random tiny instances", async () => {
  let tighter = 0;
  for (let seed = 1; seed <= 150; seed++) {
    const { lots, config } = tinyInstance(seed * 131 + 17, 2 + (seed % 7));
    const horizon = planMakespan([lots], { ...config, windowHours: Infinity });
    const stops = downtimesFrom(
      randomStops(seed * 104729, horizon * 1.5).map((d) => ({
        startMs: START + d.startH * HOUR,
        endMs: START + d.endH * HOUR,
        reason: d.reason,
      })),
      START,
    );
    const optimum = bruteForceCalendarOptimum(lots, config, stops);
    const plain = await computeLowerBound(lots, config, { budgetMs: 50 });
    const bound = await computeLowerBound(lots, config, { budgetMs: 50, downtimes: stops });
    assert(
      bound.lowerBoundHours <= optimum + 1e-6,
      `seed ${seed}: ${bound.lowerBoundHours} > ${optimum}`,
    );
    assert(stretchBound(lots, config, stops) <= optimum + 1e-6, `seed ${seed}: stretch bound`);
    if (bound.lowerBoundHours > plain.lowerBoundHours + 1e-9) tighter++;
  }
  // The calendar must also do some work: it lifts the bound on a good share of the instances.
  assert(tighter >= 30, `the calendar lifted only ${tighter} of 150 bounds`);
});

Deno.test("explainCleans() says which CLEANs restart the line after a downtime", async () => {
  const config: SchedulerConfig = {
    ...DEFAULT_CONFIG,
    startTime: iso(0),
    calendar: [{ start: iso(60), end: iso(84), reason: "maintenance" }],
  };
  const s = await runSchedule(
    [{ id: "a", type: "T", vials: 19_920 * 30 }, { id: "b", type: "T", vials: 19_920 * 30 }],
    config,
    { strategy: "given" },
  );
  const cleans = explainCleans(s, { name: s.strategy, kind: "heuristic", stoppedBy: null });
  assertEquals(cleans.map((c) => c.code), ["CLEAN_START", "CLEAN_AFTER_DOWNTIME"]);
  assert(cleans[1]!.sentence.includes("unavailable from 60 h to 84 h (maintenance)"));
});
