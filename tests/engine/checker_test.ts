/**
 * Every heuristic on every public bench file up to 500 lots and the seed files, exported through
 * the CLI's writer and re-checked by the independent Python checker (one Python process in all).
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { writeScheduleFiles } from "../../src/cli/write_outputs.ts";
import { benchLotFiles, checkerFailures, type CheckerJob } from "../_helpers/python_checker.ts";

const MAX_LOTS = 500;

Deno.test("every heuristic's exported schedule passes check_schedule.py with matching KPIs", async () => {
  const heuristics = registry.list().filter((s) => s.kind === "heuristic");
  assert(heuristics.length > 0);
  const dir = await Deno.makeTempDir({ prefix: "fillsched_checker_" });
  try {
    const jobs: CheckerJob[] = [];
    for (const file of await benchLotFiles()) {
      const { lots, issues } = parseLotsCsv(await Deno.readTextFile(file));
      assertEquals(issues, [], file);
      if (lots.length > MAX_LOTS) continue;
      const name = file.split("/").pop()!.replace(/\.csv$/, "");
      for (const s of heuristics) {
        const schedule = await runSchedule(lots, DEFAULT_CONFIG, {
          strategy: s.name,
          startMs: Date.UTC(2026, 2, 28, 12),
        });
        const out = `${dir}/${name}/${s.name}`;
        // Europe/Berlin crosses a DST change on 2026-03-29: instants must still add up.
        await writeScheduleFiles(out, schedule, { timeZone: "Europe/Berlin", generatedAt: 0 });
        jobs.push({
          lotsPath: file,
          schedulePath: `${out}/schedule.json`,
          label: `${s.name} on ${name}`,
          makespan: schedule.kpis.makespanHours,
          cleans: schedule.kpis.cleans,
          changeover: schedule.kpis.changeoverHours,
        });
      }
    }
    const failures = await checkerFailures(jobs, dir);
    assertEquals(failures, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
