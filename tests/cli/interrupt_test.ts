/** Ctrl-C in the CLI stops a search early: the files are written with its best plan. */
import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { scheduleCommand } from "../../src/cli/schedule_cmd.ts";
import { compareCommand } from "../../src/cli/compare_cmd.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { EXIT } from "../../src/cli/command.ts";
import { benchPath } from "../_helpers/paths.ts";
import { inTempDir } from "./_fixtures.ts";

const DATA = benchPath("public/uniform_n200_t4.csv");

/** Presses Ctrl-C on `io` once something listens and `ms` have passed. */
async function pressCtrlC(io: ReturnType<typeof memoryIo>, ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  while (!io.interrupt()) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Runs `command` on DATA into `dir` with `strategyFlags` and an opt-pack search given a minute, so
 * it is still searching when Ctrl-C is pressed half a second in; returns the exit code and io.
 */
async function interruptedRun(
  command: typeof scheduleCommand | typeof compareCommand,
  strategyFlags: readonly string[],
  dir: string,
): Promise<{ code: number; io: ReturnType<typeof memoryIo> }> {
  const io = memoryIo();
  const run = command(
    ["--data", DATA, ...strategyFlags, "--option", "opt-pack.timeLimitSec=60", "--out", dir],
    io,
  );
  await pressCtrlC(io, 500);
  return { code: await run, io };
}

Deno.test("schedule: Ctrl-C stops opt-pack and writes its best plan, marked stopped", async () => {
  await inTempDir(async (dir) => {
    const { code, io } = await interruptedRun(scheduleCommand, ["--strategy", "opt-pack"], dir);
    assertEquals(code, EXIT.ok, io.stderr);
    assertMatch(io.stderr, /stopping: keeping the best plan/);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/schedule.json`));
    assertEquals(doc.status, doc.bound.provenOptimal ? "optimal" : "stopped");
    assert(doc.activities.length > 0);
    // Once the command is done, Ctrl-C is no longer taken.
    assertEquals(io.interrupt(), false);
  });
});

Deno.test("compare: Ctrl-C stops the optimizer; every run is still written", async () => {
  await inTempDir(async (dir) => {
    const { code, io } = await interruptedRun(
      compareCommand,
      ["--strategies", "spt,opt-pack"],
      dir,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/opt-pack/schedule.json`));
    assertEquals(doc.status, doc.bound.provenOptimal ? "optimal" : "stopped");
    assert((await Deno.stat(`${dir}/spt-pack/schedule.json`)).isFile);
  });
});
