import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { repoPath, SEED_LOTS } from "../_helpers/paths.ts";
import { BAD_LOTS_CSV, inTempDir } from "./_fixtures.ts";

/** Runs a CLI script as its own process, as `deno task` would. */
async function run(script: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      repoPath(`scripts/${script}`),
      ...args,
    ],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("scripts/schedule.ts exits 0 and writes files; 1 on bad CSV; 2 on usage errors", async () => {
  await inTempDir(async (dir) => {
    const ok = await run("schedule.ts", ["--data", SEED_LOTS, "--strategy", "given", "--out", dir]);
    assertEquals(ok.code, 0, ok.stderr);
    assertMatch(ok.stdout, /makespan\s+\d+\.\d\d h/);
    for (const f of ["schedule.csv", "summary.txt", "schedule.json"]) {
      await Deno.stat(`${dir}/${f}`);
    }
    await Deno.writeTextFile(`${dir}/bad.csv`, `\uFEFF${BAD_LOTS_CSV}`);
    const bad = await run("schedule.ts", ["--data", `${dir}/bad.csv`]);
    assertEquals(bad.code, 1);
    assertEquals(bad.stderr.match(/bad\.csv: line \d+/g)?.length, 7);
    assertEquals(bad.stdout, "");
    const usage = await run("schedule.ts", ["--out", dir]);
    assertEquals(usage.code, 2);
    assertMatch(usage.stderr, /missing --data/);
  });
});

Deno.test("scripts/compare.ts and scripts/config.ts exit with 0, 1 and 2", async () => {
  await inTempDir(async (dir) => {
    const ok = await run("compare.ts", [
      "--data",
      SEED_LOTS,
      "--strategies",
      "given",
      "--out",
      dir,
    ]);
    assertEquals(ok.code, 0, ok.stderr);
    await Deno.stat(`${dir}/kpis_all_runs.csv`);
    const unknown = await run("compare.ts", ["--data", SEED_LOTS, "--strategies", "nope"]);
    assertEquals(unknown.code, 1);
    assertMatch(unknown.stderr, /must be one of given-order/);
    const cfg = await run("config.ts", ["show"], { FILLSCHED_CLEAN_HOURS: "12" });
    assertEquals(cfg.code, 0, cfg.stderr);
    assertMatch(cfg.stdout, /cleanHours +12 +\(env\)/);
    const bad = await run("config.ts", ["validate"], { FILLSCHED_CHG_DIFF_HOURS: "nan" });
    assertEquals(bad.code, 1);
    assertMatch(bad.stderr, /\[chgDiffHours\] FILLSCHED_CHG_DIFF_HOURS must be a number/);
    const usage = await run("config.ts", ["frob"]);
    assertEquals(usage.code, 2);
    assert(usage.stderr.includes("Usage: deno task config"));
  });
});
