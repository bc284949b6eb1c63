import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { scheduleCommand } from "../../src/cli/schedule_cmd.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { EXIT } from "../../src/cli/command.ts";
import { registry } from "../../src/engine/strategies/mod.ts";
import { SEED_LOTS } from "../_helpers/paths.ts";
import { BAD_LOTS_CSV, inTempDir } from "./_fixtures.ts";

Deno.test("schedule writes the three files and prints KPIs with bound and gap", async () => {
  await inTempDir(async (dir) => {
    const io = memoryIo({ FILLSCHED_TIME_ZONE: "Europe/Berlin" });
    const code = await scheduleCommand(
      [
        "--data",
        SEED_LOTS,
        "--strategy",
        "given",
        "--out",
        `${dir}/o`,
        "--start",
        "2026-01-05 06:00",
      ],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    assertMatch(io.stdout, /strategy\s+given-order \(heuristic\)/);
    assertMatch(io.stdout, /makespan\s+\d+\.\d\d h/);
    assertMatch(io.stdout, /lower bound\s+\d+\.\d\d h/);
    assertMatch(io.stdout, /gap\s+\d+\.\d\d%/);
    assertMatch(io.stdout, /proven optimal\s+(yes|no)/);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/o/schedule.json`));
    assertEquals(doc.strategy, "given-order");
    assertEquals(doc.activities[0].start, "2026-01-05T06:00:00.000+01:00");
    assertMatch(io.stdout, new RegExp(`makespan\\s+${doc.kpis.makespanHours.toFixed(2)} h`));
    const csv = await Deno.readTextFile(`${dir}/o/schedule.csv`);
    assertEquals(csv.trim().split("\n").length, doc.activities.length + 1);
    assertMatch(await Deno.readTextFile(`${dir}/o/summary.txt`), /KPIs/);
  });
});

Deno.test("schedule defaults the start to the next full hour", async () => {
  await inTempDir(async (dir) => {
    const now = Date.UTC(2026, 4, 1, 9, 17, 3);
    const io = memoryIo({}, { now: () => now });
    const code = await scheduleCommand(
      ["--data", SEED_LOTS, "--strategy", "given", "--out", dir],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/schedule.json`));
    assertEquals(doc.config.startTime, "2026-05-01T10:00:00.000Z");
  });
});

Deno.test("schedule lists every CSV error on stderr and exits 1 without writing", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/bad.csv`, BAD_LOTS_CSV);
    const io = memoryIo();
    const code = await scheduleCommand(["--data", `${dir}/bad.csv`, "--out", `${dir}/o`], io);
    assertEquals(code, EXIT.invalid);
    assertEquals(io.stdout, "");
    for (const line of [2, 3, 4, 5, 6, 8, 9]) {
      assertMatch(io.stderr, new RegExp(`bad\\.csv: line ${line}\\b`));
    }
    assertMatch(io.stderr, /invalid lots: 7 problems/);
    assertMatch(io.stderr, /duplicate Lot ID F \(first on line 7\)/);
    assertMatch(io.stderr, /at most \d+ vials/);
    await Deno.stat(`${dir}/o`).then(() => assert(false, "no output expected"), () => {});
  });
});

Deno.test("schedule reads a sequence file for the given order and warns on unknown IDs", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/seq.csv`, "Lot ID\nC7\nZZ\nA1\n");
    const io = memoryIo();
    const code = await scheduleCommand(
      [
        "--data",
        SEED_LOTS,
        "--sequence",
        `${dir}/seq.csv`,
        "--out",
        dir,
        "--start",
        "2026-01-01T00:00:00Z",
      ],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/schedule.json`));
    assertEquals(doc.strategy, "given-order");
    const fills = doc.activities.filter((a: { kind: string }) => a.kind === "FILL");
    assertEquals([fills[0].lotId, fills[1].lotId], ["C7", "A1"]);
    assertMatch(io.stderr, /warning: .*"ZZ" matches no input lot/);
    const other = memoryIo();
    assertEquals(
      await scheduleCommand(
        ["--data", SEED_LOTS, "--sequence", `${dir}/seq.csv`, "--strategy", "spt", "--out", dir],
        other,
      ),
      EXIT.ok,
    );
    assertMatch(other.stderr, /--sequence only orders given-order; spt-pack ignores it/);
  });
});

Deno.test("schedule: usage errors exit 2, unknown strategy and bad config exit 1", async () => {
  const io = memoryIo();
  assertEquals(await scheduleCommand([], io), EXIT.usage);
  assertMatch(io.stderr, /missing --data/);
  assertMatch(io.stderr, /Usage: deno task schedule/);
  const flag = memoryIo();
  assertEquals(await scheduleCommand(["--data", SEED_LOTS, "--frobnicate"], flag), EXIT.usage);
  assertMatch(flag.stderr, /Unknown option '--frobnicate'/);
  const bm = memoryIo();
  assertEquals(await scheduleCommand(["--data", SEED_LOTS, "--bound-ms", "x"], bm), EXIT.usage);
  const unk = memoryIo();
  assertEquals(
    await scheduleCommand(["--data", SEED_LOTS, "--strategy", "magic"], unk),
    EXIT.invalid,
  );
  assertMatch(unk.stderr, /strategy must be one of given-order \(given.*, got "magic"/);
  const cfg = memoryIo({ FILLSCHED_FILL_RATE_VPH: "fast" });
  assertEquals(
    await scheduleCommand(["--data", SEED_LOTS, "--window-hours=-1", "--start", "soon"], cfg),
    EXIT.invalid,
  );
  assertMatch(cfg.stderr, /FILLSCHED_FILL_RATE_VPH must be a number/);
  assertMatch(cfg.stderr, /--window-hours: windowHours must be > 0/);
  assertMatch(cfg.stderr, /startTime must be ISO 8601/);
  const missing = memoryIo();
  assertEquals(await scheduleCommand(["--data", "/nonexistent.csv"], missing), EXIT.invalid);
  assertMatch(missing.stderr, /\/nonexistent\.csv: no such file/);
  const help = memoryIo();
  assertEquals(await scheduleCommand(["--help"], help), EXIT.ok);
  assertMatch(help.stdout, /--fill-rate-vph N/);
});

Deno.test("schedule rejects invalid strategy options naming the option", async () => {
  const io = memoryIo();
  const code = await scheduleCommand(
    [
      "--data",
      SEED_LOTS,
      "--strategy",
      "given",
      "--option",
      "given.speed=3",
      "--option",
      "nope.x=1",
    ],
    io,
  );
  assertEquals(code, EXIT.invalid);
  assertMatch(io.stderr, /strategyOptions\.given-order\.speed/);
  assertMatch(io.stderr, /strategyOptions\.nope must be one of given-order .*, got "nope"/);
});

Deno.test("schedule --help lists every strategy with its aliases and option defaults", async () => {
  const io = memoryIo();
  assertEquals(await scheduleCommand(["--help"], io), EXIT.ok);
  for (const s of registry.list()) {
    assert(io.stdout.includes(`  ${s.name}`), `${s.name} listed`);
    for (const o of s.options) {
      assert(io.stdout.includes(`${o.name}=${String(o.default)}`), `${s.name}.${o.name} listed`);
    }
  }
  assertMatch(io.stdout, /smart-pack \(smart\)/);
});

Deno.test("schedule --explain prints why each CLEAN and the bound's argument, and adds them to summary.txt", async () => {
  await inTempDir(async (dir) => {
    const io = memoryIo({});
    const args = ["--data", SEED_LOTS, "--strategy", "lpt", "--out", `${dir}/o`, "--explain"];
    assertEquals(await scheduleCommand(args, io), EXIT.ok, io.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/o/schedule.json`));
    const summary = await Deno.readTextFile(`${dir}/o/summary.txt`);
    for (const text of [io.stdout, summary]) {
      assertMatch(text, /Why each CLEAN:/);
      assertMatch(text, /Why the plan cannot be better:/);
      // One sentence per CLEAN after the first, each naming its block.
      for (let b = 1; b < doc.kpis.cleans; b++) {
        assertMatch(text, new RegExp(`Block ${b} closes at`));
      }
    }
    // Without the flag, no explanation.
    const plain = memoryIo({});
    await scheduleCommand(["--data", SEED_LOTS, "--out", `${dir}/p`, "--strategy", "lpt"], plain);
    assert(!plain.stdout.includes("Why each CLEAN"));
  });
});
