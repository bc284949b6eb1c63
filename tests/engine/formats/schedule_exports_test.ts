import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import { formatScheduleCsv } from "../../../src/engine/formats/schedule_csv.ts";
import {
  formatScheduleJson,
  SCHEDULE_JSON_VERSION,
  scheduleToJson,
} from "../../../src/engine/formats/schedule_json.ts";
import { boundVerdict, formatSummary } from "../../../src/engine/formats/summary_txt.ts";
import { runSchedule } from "../../../src/engine/run_schedule.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { parseStartTime } from "../../../src/engine/time.ts";
import { SEED_LOTS } from "../../_helpers/paths.ts";

const START = parseStartTime("2026-03-28 20:00", "Europe/Berlin");
const GEN = Date.UTC(2026, 0, 1, 12, 0, 0, 123);

async function seedSchedule() {
  const { lots } = parseLotsCsv(await Deno.readTextFile(SEED_LOTS));
  return await runSchedule(lots, DEFAULT_CONFIG, { strategy: "given-order", startMs: START });
}

Deno.test("formatScheduleCsv() writes one row per activity with contiguous zoned instants", async () => {
  const s = await seedSchedule();
  const text = formatScheduleCsv(s, { timeZone: "Europe/Berlin" });
  const rows = parse(text) as string[][];
  assertEquals(rows[0], ["Start", "End", "Hours", "Activity", "Lot ID", "Type", "Note"]);
  assertEquals(rows.length, s.activities.length + 1);
  assertEquals(rows[1]!.slice(0, 4), [
    "2026-03-28T20:00:00.000+01:00",
    "2026-03-29T21:00:00.000+02:00", // 24 h later, across the DST change
    "24",
    "CLEAN",
  ]);
  for (let i = 2; i < rows.length; i++) assertEquals(rows[i]![0], rows[i - 1]![1]);
  const fills = rows.filter((r) => r[3] === "FILL");
  assertEquals(fills.length, 15);
  assertEquals(
    fills.map((r) => r[4]).sort(),
    s.activities.filter((a) => a.lotId).map((a) => a.lotId).sort(),
  );
  const last = rows[rows.length - 1]!;
  assertEquals(Date.parse(last[1]!) - START, Math.round(s.kpis.makespanHours * 3_600_000));
});

Deno.test("formatScheduleCsv() quotes fields with commas and quotes", async () => {
  const { lots } = parseLotsCsv('Lot ID,Type,Vials\n"A,1","t ""x""",1000\n');
  const s = await runSchedule(lots, DEFAULT_CONFIG, { strategy: "given-order", startMs: 0 });
  const text = formatScheduleCsv(s);
  assertMatch(text, /"A,1","t ""x"""/);
  const rows = parse(text) as string[][];
  assertEquals(rows[2]![4], "A,1");
  assertEquals(rows[1]![0], "1970-01-01T00:00:00.000Z");
});

Deno.test("scheduleToJson() holds every section, instants with ms and offset", async () => {
  const s = await seedSchedule();
  const doc = scheduleToJson(s, { timeZone: "Europe/Berlin", generatedAt: GEN });
  assertEquals(doc.version, SCHEDULE_JSON_VERSION);
  assertEquals(doc.generatedAt, "2026-01-01T13:00:00.123+01:00");
  assertEquals(doc.strategy, "given-order");
  assertEquals(doc.status, "heuristic");
  assertEquals(doc.config.timeZone, "Europe/Berlin");
  assertEquals(doc.config.startTime, "2026-03-28T20:00:00.000+01:00");
  assertEquals(doc.config.windowHours, 120);
  assertEquals(doc.kpis.makespanHours, s.kpis.makespanHours);
  assertEquals(doc.kpis.cleans, doc.blocks.length);
  assertEquals(doc.bound, s.bound);
  assertEquals(doc.activities.length, s.activities.length);
  for (const a of doc.activities) {
    assertMatch(a.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  }
  assertEquals(doc.blocks[0]!.start, doc.activities[0]!.start);
  assertEquals(doc.blocks.at(-1)!.end, doc.activities.at(-1)!.end);
  assertEquals(doc.blocks.flatMap((b) => b.lotIds).length, 15);
  assertEquals(doc.validation, { errors: [], warnings: [] });
  const text = formatScheduleJson(s, { timeZone: "Europe/Berlin", generatedAt: GEN });
  assertEquals(JSON.parse(text), JSON.parse(JSON.stringify(doc)));
  assertEquals(text, formatScheduleJson(s, { timeZone: "Europe/Berlin", generatedAt: GEN }));
});

Deno.test("formatSummary() lists KPIs, bound, gap, blocks and warnings", async () => {
  const s = await seedSchedule();
  const text = formatSummary(s, { timeZone: "UTC", generatedAt: GEN });
  assertMatch(text, new RegExp(`makespan\\s+${s.kpis.makespanHours.toFixed(2)} h`));
  assertMatch(text, new RegExp(`lower bound\\s+${s.bound.lowerBoundHours.toFixed(2)} h`));
  assertMatch(text, /gap\s+\d+\.\d\d%/);
  assertEquals(text.match(/window \d+\.\d%/g)?.length, s.kpis.cleans);
  assertMatch(text, /Errors: none/);
  assertEquals(text, formatSummary(s, { timeZone: "UTC", generatedAt: GEN }));
  assert(!s.bound.provenOptimal);
  assert(!text.includes("proven optimal"));
  const withWarn = { ...s, validation: { errors: [], warnings: [{ message: "lot Z unknown" }] } };
  assertMatch(formatSummary(withWarn), /Warnings \(1\):\n {2}- lot Z unknown/);
});

Deno.test("boundVerdict() says proven optimal when the makespan meets the bound", async () => {
  const { lots } = parseLotsCsv("Lot ID,Type,Vials\nA,t,19920\n");
  const s = await runSchedule(lots, DEFAULT_CONFIG, { strategy: "given", startMs: 0 });
  assert(s.bound.provenOptimal);
  assertMatch(boundVerdict(s), /^proven optimal/);
  assertMatch(formatSummary(s, { generatedAt: 0 }), /verdict\s+proven optimal/);
});
