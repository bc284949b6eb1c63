/**
 * Every heuristic and opt-pack on every bench file up to 500 lots, written by the CLI's writer
 * and read back from schedule.json alone: the instants, re-validated against the lots by the
 * validator and re-measured, give the KPIs the export claims. This is the suite's own end-to-end
 * check of the exports; CI additionally runs the independent Python checker on the CLI's files.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import type { ScheduleJson } from "../../src/engine/formats/schedule_json.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { validateSchedule } from "../../src/engine/validate.ts";
import { computeKpis } from "../../src/engine/kpis.ts";
import type { Activity, LineConfig, Lot } from "../../src/engine/model.ts";
import { writeScheduleFiles } from "../../src/cli/write_outputs.ts";
import { benchPath } from "../_helpers/paths.ts";

const MAX_LOTS = 500;
/** One millisecond in hours: the precision of exported instants. */
const MS_H = 1 / 3_600_000;

/** Every lots CSV of the bench (public and seed) up to MAX_LOTS lots, by name. */
async function benchInstances(): Promise<{ name: string; lots: Lot[] }[]> {
  const out: { name: string; lots: Lot[] }[] = [];
  for (const dir of ["public", "seed"]) {
    for await (const e of Deno.readDir(benchPath(dir))) {
      if (!e.isFile || !e.name.endsWith(".csv")) continue;
      const { lots, issues } = parseLotsCsv(await Deno.readTextFile(benchPath(`${dir}/${e.name}`)));
      assertEquals(issues, [], e.name);
      if (lots.length <= MAX_LOTS) out.push({ name: e.name.replace(/\.csv$/, ""), lots });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Activities rebuilt from the export's instants only (hours since the export's start time). */
function activitiesFromJson(doc: ScheduleJson): Activity[] {
  const t0 = Date.parse(doc.config.startTime);
  let block = -1;
  return doc.activities.map((a) => {
    if (a.kind === "CLEAN") block++;
    const startH = (Date.parse(a.start) - t0) / 3_600_000;
    const endH = (Date.parse(a.end) - t0) / 3_600_000;
    return { ...a, startH, endH, hours: endH - startH, block };
  });
}

/** Problems of one exported document, read back on its own; empty when it holds. */
function exportProblems(lots: readonly Lot[], doc: ScheduleJson): string[] {
  const { timeZone: _tz, startTime: _st, ...line } = doc.config;
  const config: LineConfig = line;
  const acts = activitiesFromJson(doc);
  const problems = validateSchedule(lots, acts, config).map((i) => i.message);
  const k = computeKpis(acts, config);
  const near = (a: number, b: number) => Math.abs(a - b) <= 2 * MS_H * Math.max(1, acts.length);
  if (!near(k.makespanHours, doc.kpis.makespanHours)) {
    problems.push(`makespan ${k.makespanHours} from instants, ${doc.kpis.makespanHours} claimed`);
  }
  if (!near(k.changeoverHours, doc.kpis.changeoverHours)) {
    problems.push(`changeover ${k.changeoverHours} h from instants, ${doc.kpis.changeoverHours}`);
  }
  if (k.cleans !== doc.kpis.cleans) problems.push(`${k.cleans} cleans, ${doc.kpis.cleans} claimed`);
  if (k.lots !== lots.length) problems.push(`${k.lots} lots filled of ${lots.length}`);
  if (doc.blocks.length !== k.cleans) problems.push(`${doc.blocks.length} blocks listed`);
  return problems;
}

Deno.test("every heuristic's and opt-pack's schedule.json re-validates from its instants alone", async () => {
  const strategies = registry.list().filter((s) => s.kind === "heuristic").map((s) => s.name);
  assert(strategies.length >= 6, strategies.join(","));
  strategies.push("opt-pack");
  // opt-pack's quality is the bench's job; validity of its export is this test's.
  const config = { ...DEFAULT_CONFIG, strategyOptions: { "opt-pack": { timeLimitSec: 0.1 } } };
  const instances = await benchInstances();
  assert(instances.length >= 30, `${instances.length} bench files`);
  const dir = await Deno.makeTempDir({ prefix: "fillsched_roundtrip_" });
  try {
    const failures: string[] = [];
    for (const { name, lots } of instances) {
      for (const strategy of strategies) {
        const schedule = await runSchedule(lots, config, {
          strategy,
          startMs: Date.UTC(2026, 2, 28, 12),
          boundBudgetMs: 0,
        });
        const out = `${dir}/${name}/${strategy}`;
        // Europe/Berlin crosses a DST change on 2026-03-29: instants must still add up.
        await writeScheduleFiles(out, schedule, { timeZone: "Europe/Berlin", generatedAt: 0 });
        const doc = JSON.parse(await Deno.readTextFile(`${out}/schedule.json`)) as ScheduleJson;
        assertEquals(doc.kpis.cleans, schedule.kpis.cleans);
        for (const p of exportProblems(lots, doc)) failures.push(`${strategy} on ${name}: ${p}`);
      }
    }
    assertEquals(failures, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the read-back check catches a tampered export", async () => {
  const { lots } = parseLotsCsv(await Deno.readTextFile(benchPath("seed/lots.csv")));
  const schedule = await runSchedule(lots, DEFAULT_CONFIG, { strategy: "lpt-pack", startMs: 0 });
  const dir = await Deno.makeTempDir({ prefix: "fillsched_tamper_" });
  try {
    await writeScheduleFiles(dir, schedule, { timeZone: "UTC", generatedAt: 0 });
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/schedule.json`)) as ScheduleJson;
    assertEquals(exportProblems(lots, doc), []);
    // Drop one fill: a lot is missing, and the claimed KPIs no longer follow from the instants.
    const i = doc.activities.findIndex((a) => a.kind === "FILL");
    const dropped = { ...doc, activities: doc.activities.filter((_, j) => j !== i) };
    assert(exportProblems(lots, dropped).length > 0);
    // Stretch the makespan claim by a minute.
    const claimed = {
      ...doc,
      kpis: { ...doc.kpis, makespanHours: doc.kpis.makespanHours + 1 / 60 },
    };
    assert(exportProblems(lots, claimed).some((p) => p.startsWith("makespan")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
