/**
 * opt-pack on every bench file up to 500 lots: its schedule.json passes the independent
 * check_schedule.py with matching KPIs (one Python process for all files).
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { formatScheduleJson } from "../../src/engine/formats/schedule_json.ts";
import { runSchedule } from "../../src/engine/run_schedule.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { sharedPath } from "../_helpers/paths.ts";

const MAX_LOTS = 500;
const CHECKER = sharedPath("tools/check_schedule.py");

/** Runs the checker on each [lots, schedule] pair inside one Python process. */
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

Deno.test("opt-pack's schedule.json passes check_schedule.py on every bench file up to 500 lots", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fillsched_optpack_" });
  try {
    const jobs: [string, string][] = [];
    const expected: { label: string; makespan: number; cleans: number }[] = [];
    // A short budget keeps the test quick; quality is the bench's job, validity is this one's.
    const config = { ...DEFAULT_CONFIG, strategyOptions: { "opt-pack": { timeLimitSec: 0.15 } } };
    for (const file of await benchFiles()) {
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
      jobs.push([file, out]);
      expected.push({
        label: name,
        makespan: schedule.kpis.makespanHours,
        cleans: schedule.kpis.cleans,
      });
    }
    assert(jobs.length >= 30, `${jobs.length} bench files`);
    await Deno.writeTextFile(`${dir}/jobs.json`, JSON.stringify(jobs));
    const py = await new Deno.Command("python3", {
      args: ["-c", DRIVER, CHECKER, `${dir}/jobs.json`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(py.code, 0, new TextDecoder().decode(py.stderr));
    const results = JSON.parse(new TextDecoder().decode(py.stdout)) as {
      code: number;
      out: string;
    }[];
    const failures: string[] = [];
    results.forEach((r, i) => {
      const want = expected[i]!;
      const last = r.out.trim().split("\n").pop() ?? "";
      const m = /makespan_h=([\d.]+) blocks=(\d+) .*ok=(true|false)/.exec(last);
      if (r.code !== 0 || !m || m[3] !== "true") {
        failures.push(`${want.label}: exit ${r.code}\n${r.out}`);
      } else if (
        Math.abs(Number(m[1]) - want.makespan) > 1e-3 || Number(m[2]) !== want.cleans
      ) {
        failures.push(`${want.label}: checker says ${last}, we say ${want.makespan} h`);
      }
    });
    assertEquals(failures, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
