/**
 * `deno task bench:calendar`: the calendar and due-date scenarios on the bench files. Each file
 * gets, from a fixed seed, a line calendar (a maintenance stop about every week and a holiday,
 * 8–36 h each) and due dates (spread over the stretch the lots need, priorities 1–3). Scenarios:
 *   plain      the file as it is (makespan objective), for reference
 *   calendar   the calendar, makespan objective
 *   due-ms     due dates, makespan objective (the tardiness nobody optimized)
 *   due        due dates, objective makespan-then-tardiness (the makespan must not grow)
 *   due+tol    due dates, objective tardiness within a 5 % makespan tolerance
 *   cal+due    both, makespan-then-tardiness
 * Per row: makespan, the bound and the gap to it, weighted tardiness, its bound, lots on time,
 * and the wall time of the whole run (strategy, re-sequencing, bound).
 *
 * Flags: --files SUBSTR --max-lots N (default 2000) --strategy S (default opt-pack)
 *        --time-limit SEC (timeLimitSec of the strategy, default 1) --bound-ms N (default 1000)
 *        --seed N (default 1) --json out.json
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import {
  continuousBound,
  DEFAULT_CONFIG,
  type Lot,
  parseLotsCsv,
  runSchedule,
  type SchedulerConfig,
} from "../src/engine/mod.ts";
import { random as rng } from "./_random.ts";

const BENCH = fileURLToPath(new URL("../bench/", import.meta.url));
const START = Date.UTC(2026, 0, 5, 6);
const HOUR = 3_600_000;

const iso = (h: number) => new Date(START + h * HOUR).toISOString();

/** A stop about every 168 h (8–36 h long) and one holiday of 24–48 h over `spanH`. */
function calendarFor(spanH: number, rnd: () => number): SchedulerConfig["calendar"] {
  const out: { start: string; end: string; reason: string }[] = [];
  for (let week = 0; week * 168 < spanH; week++) {
    const at = week * 168 + 24 + rnd() * 120;
    out.push({ start: iso(at), end: iso(at + 8 + rnd() * 28), reason: `maintenance ${week + 1}` });
  }
  const holiday = rnd() * spanH;
  out.push({ start: iso(holiday), end: iso(holiday + 24 + rnd() * 24), reason: "holiday" });
  return out;
}

/** Due dates between 20 % and 110 % of `spanH` after the start, priorities 1–3. */
function withDue(lots: readonly Lot[], spanH: number, rnd: () => number): Lot[] {
  return lots.map((l) => ({
    ...l,
    dueMs: START + Math.round((0.2 + rnd() * 0.9) * spanH) * HOUR,
    priority: 1 + Math.floor(rnd() * 3),
  }));
}

const fmt = (v: number | undefined, d = 2) => v === undefined ? "—" : v.toFixed(d);

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      files: { type: "string" },
      "max-lots": { type: "string", default: "2000" },
      strategy: { type: "string", default: "opt-pack" },
      "time-limit": { type: "string", default: "1" },
      "bound-ms": { type: "string", default: "1000" },
      seed: { type: "string", default: "1" },
      json: { type: "string" },
    },
  });
  const maxLots = Number(values["max-lots"]);
  const files: { name: string; lots: Lot[] }[] = [];
  for (const dir of ["public", "seed"]) {
    for (const e of Deno.readDirSync(`${BENCH}${dir}`)) {
      if (!e.name.endsWith(".csv") || (values.files && !e.name.includes(values.files))) continue;
      const { lots } = parseLotsCsv(Deno.readTextFileSync(`${BENCH}${dir}/${e.name}`));
      if (lots.length <= maxLots) files.push({ name: e.name, lots });
    }
  }
  files.sort((a, b) => a.lots.length - b.lots.length || a.name.localeCompare(b.name));
  const base: SchedulerConfig = {
    ...DEFAULT_CONFIG,
    startTime: iso(0),
    strategy: values.strategy!,
    strategyOptions: { [values.strategy!]: { timeLimitSec: Number(values["time-limit"]) } },
  };
  const rows: Record<string, string | number>[] = [];
  console.log(
    "file                        lots scenario  makespan h   bound h  gap %  w.tard h  tard LB h  on time    ms",
  );
  for (const f of files) {
    const rnd = rng(Number(values.seed) * 7919 + f.lots.length);
    const span = continuousBound(f.lots, base) * 1.15;
    const calendar = calendarFor(span, rnd);
    const due = withDue(f.lots, span, rnd);
    const scenarios: [string, readonly Lot[], Partial<SchedulerConfig>][] = [
      ["plain", f.lots, {}],
      ["calendar", f.lots, { calendar }],
      ["due-ms", due, {}],
      ["due", due, { objective: "makespan-then-tardiness" }],
      ["due+tol", due, { objective: "tardiness", makespanTolerancePct: 5 }],
      ["cal+due", due, { calendar, objective: "makespan-then-tardiness" }],
    ];
    for (const [name, lots, over] of scenarios) {
      const t0 = performance.now();
      const s = await runSchedule(lots, { ...base, ...over }, {
        boundBudgetMs: Number(values["bound-ms"]),
      });
      const ms = performance.now() - t0;
      const d = s.kpis.due;
      const row = {
        file: f.name,
        lots: f.lots.length,
        scenario: name,
        makespanHours: s.kpis.makespanHours,
        boundHours: s.bound.lowerBoundHours,
        boundMethod: s.bound.method,
        gapPct: s.bound.gapPct,
        weightedTardinessHours: d?.weightedTardinessHours ?? 0,
        tardinessBoundHours: s.bound.tardiness?.lowerBoundHours ?? 0,
        onTime: d ? `${d.onTime}/${d.lotsWithDue}` : "—",
        ms: Math.round(ms),
      };
      rows.push(row);
      console.log(
        `${f.name.padEnd(27)} ${String(row.lots).padStart(5)} ${name.padEnd(9)} ${
          fmt(row.makespanHours).padStart(10)
        } ${fmt(row.boundHours).padStart(9)} ${fmt(row.gapPct).padStart(6)} ${
          d ? fmt(row.weightedTardinessHours).padStart(9) : "        —"
        } ${s.bound.tardiness ? fmt(row.tardinessBoundHours).padStart(10) : "         —"} ${
          row.onTime.padStart(8)
        } ${String(row.ms).padStart(5)}`,
      );
    }
  }
  if (values.json) await Deno.writeTextFile(values.json, JSON.stringify(rows, null, 2) + "\n");
}

if (import.meta.main) await main();
