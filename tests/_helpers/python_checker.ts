/** The independent check_schedule.py over many exported schedules, in one Python process. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { sharedPath } from "./paths.ts";

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

/** Every lots CSV of the public bench and the seed folder, sorted. */
export async function benchLotFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ["bench/public", "bench/seed"]) {
    for await (const e of Deno.readDir(sharedPath(dir))) {
      if (e.isFile && e.name.endsWith(".csv")) files.push(sharedPath(`${dir}/${e.name}`));
    }
  }
  return files.sort();
}

/** One exported schedule to check, and the KPIs our engine claims for it. */
export interface CheckerJob {
  readonly lotsPath: string;
  readonly schedulePath: string;
  readonly label: string;
  readonly makespan: number;
  readonly cleans: number;
  readonly changeover: number;
}

/**
 * Runs check_schedule.py on every job (writing its job list into `dir`) and returns one message
 * per job the checker rejects or whose makespan, CLEAN count or changeover hours disagree with ours.
 */
export async function checkerFailures(jobs: readonly CheckerJob[], dir: string): Promise<string[]> {
  await Deno.writeTextFile(
    `${dir}/jobs.json`,
    JSON.stringify(jobs.map((j) => [j.lotsPath, j.schedulePath])),
  );
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
  assertEquals(results.length, jobs.length);
  const failures: string[] = [];
  results.forEach((r, i) => {
    const want = jobs[i]!;
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
  return failures;
}
