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
import { sharedPath } from "../_helpers/paths.ts";

const MAX_LOTS = 500;
const CHECKER = sharedPath("tools/check_schedule.py");

/** Runs the checker on each (lots, schedule) pair inside one Python process. */
const DRIVER = `
import contextlib, io, json, runpy, sys
checker, jobs = sys.argv[1], json.load(open(sys.argv[2]))
out = []
for lots, sched in jobs:
    sys.argv = [checker, lots, sched]
    buf, code = io.StringIO(), 0
    with contextlib.redirect_stdout(buf):
        try:
            runpy.run_path(checker, run_name="__main__")
        except SystemExit as e:
            code = e.code or 0
    out.append({"code": code, "out": buf.getvalue()})
print(json.dumps(out))
`;

async function benchFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ["bench/public", "bench/seed"]) {
    for await (const e of Deno.readDir(sharedPath(dir))) {
      if (e.isFile && e.name.endsWith(".csv")) files.push(sharedPath(`${dir}/${e.name}`));
    }
  }
  return files.sort();
}

Deno.test("every heuristic's exported schedule passes check_schedule.py with matching KPIs", async () => {
  const heuristics = registry.list().filter((s) => s.kind === "heuristic");
  assert(heuristics.length > 0);
  const dir = await Deno.makeTempDir({ prefix: "fillsched_checker_" });
  try {
    const jobs: [string, string][] = [];
    const expected: { label: string; makespan: number; cleans: number; changeover: number }[] = [];
    for (const file of await benchFiles()) {
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
        jobs.push([file, `${out}/schedule.json`]);
        expected.push({
          label: `${s.name} on ${name}`,
          makespan: schedule.kpis.makespanHours,
          cleans: schedule.kpis.cleans,
          changeover: schedule.kpis.changeoverHours,
        });
      }
    }
    await Deno.writeTextFile(`${dir}/jobs.json`, JSON.stringify(jobs));
    const py = await new Deno.Command("python3", {
      args: ["-c", DRIVER, CHECKER, `${dir}/jobs.json`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(py.stderr);
    assertEquals(py.code, 0, stderr);
    const results = JSON.parse(new TextDecoder().decode(py.stdout)) as {
      code: number;
      out: string;
    }[];
    assertEquals(results.length, jobs.length);
    const failures: string[] = [];
    results.forEach((r, i) => {
      const want = expected[i]!;
      const last = r.out.trim().split("\n").pop() ?? "";
      const m = /makespan_h=([\d.]+) blocks=(\d+) changeover_h=([\d.]+) ok=(true|false)/.exec(last);
      if (r.code !== 0 || !m || m[4] !== "true") {
        failures.push(`${want.label}: exit ${r.code}\n${r.out}`);
        return;
      }
      if (
        Math.abs(Number(m[1]) - want.makespan) > 1e-3 || Number(m[2]) !== want.cleans ||
        Math.abs(Number(m[3]) - want.changeover) > 1e-3
      ) {
        failures.push(
          `${want.label}: checker says ${last}, we say makespan ${want.makespan} ` +
            `cleans ${want.cleans} changeover ${want.changeover}`,
        );
      }
    });
    assertEquals(failures, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
