/**
 * opt-pack on every bench file up to 500 lots: its schedule.json passes the independent
 * check_schedule.py with matching KPIs (one Python process for all files).
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { formatScheduleJson } from "../../src/engine/formats/schedule_json.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { benchLotFiles, checkerFailures, type CheckerJob } from "../_helpers/python_checker.ts";

const MAX_LOTS = 500;

Deno.test("opt-pack's schedule.json passes check_schedule.py on every bench file up to 500 lots", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fillsched_optpack_" });
  try {
    const jobs: CheckerJob[] = [];
    // A short budget keeps the test quick; quality is the bench's job, validity is this one's.
    const config = { ...DEFAULT_CONFIG, strategyOptions: { "opt-pack": { timeLimitSec: 0.15 } } };
    for (const file of await benchLotFiles()) {
      const { lots, issues } = parseLotsCsv(await Deno.readTextFile(file));
      assertEquals(issues, [], file);
      if (lots.length > MAX_LOTS) continue;
      const name = file.split("/").pop()!.replace(/\.csv$/, "");
      const schedule = await runSchedule(lots, config, {
        strategy: "opt-pack",
        startMs: Date.UTC(2026, 2, 28, 12),
      });
      const out = `${dir}/${name}.json`;
      await Deno.writeTextFile(
        out,
        formatScheduleJson(schedule, { timeZone: "Europe/Berlin", generatedAt: 0 }),
      );
      jobs.push({
        lotsPath: file,
        schedulePath: out,
        label: name,
        makespan: schedule.kpis.makespanHours,
        cleans: schedule.kpis.cleans,
        changeover: schedule.kpis.changeoverHours,
      });
    }
    assert(jobs.length >= 30, `${jobs.length} bench files`);
    const failures = await checkerFailures(jobs, dir);
    assertEquals(failures, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
