/**
 * `schedule --replan-from`: re-plans a written schedule.json from --now with the lots as they are
 * now (the frozen part identical in the new file), ranks a rush lot's places and applies one,
 * and refuses bad flags and files with their exit codes.
 */
import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { scheduleCommand } from "../../src/cli/schedule_cmd.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { EXIT } from "../../src/cli/command.ts";
import { SEED_LOTS } from "../_helpers/paths.ts";
import { inTempDir } from "./_fixtures.ts";

interface ActivityDoc {
  kind: string;
  start: string;
  end: string;
  lotId: string | null;
}

async function planSeed(dir: string): Promise<void> {
  const io = memoryIo();
  const code = await scheduleCommand(
    [
      "--data",
      SEED_LOTS,
      "--strategy",
      "smart",
      "--start",
      "2026-01-05 06:00",
      "--out",
      `${dir}/a`,
      "--bound-ms",
      "0",
    ],
    io,
  );
  assertEquals(code, EXIT.ok, io.stderr);
}

Deno.test("schedule --replan-from keeps what started by --now, applies the lots as they are now, names its version", async () => {
  await inTempDir(async (dir) => {
    await planSeed(dir);
    const parent = JSON.parse(await Deno.readTextFile(`${dir}/a/schedule.json`));
    assertEquals(parent.lineage.version, 1);
    const csv = (await Deno.readTextFile(SEED_LOTS)).trim().split("\n");
    const last = csv[csv.length - 1]!.split(",")[0]!;
    await Deno.writeTextFile(
      `${dir}/now.csv`,
      [...csv.slice(0, -1), "RUSH1,VialE,200000"].join("\n") + "\n",
    );
    const io = memoryIo();
    const code = await scheduleCommand([
      "--replan-from",
      `${dir}/a/schedule.json`,
      "--now",
      "2026-01-09 12:00",
      "--data",
      `${dir}/now.csv`,
      "--out",
      `${dir}/b`,
      "--bound-ms",
      "100",
    ], io);
    assertEquals(code, EXIT.ok, io.stderr);
    assertMatch(io.stdout, /added\s+1 \(RUSH1\)/);
    assertMatch(io.stdout, /re-planned part\s+\d+\.\d\d h, bound \d+\.\d\d h, gap \d+\.\d\d%/);
    const child = JSON.parse(await Deno.readTextFile(`${dir}/b/schedule.json`));
    assertEquals(child.lineage.version, 2);
    assert(/^[0-9a-f]{64}$/.test(child.lineage.inputHash));
    const ids = child.activities.map((a: ActivityDoc) => a.lotId).filter(Boolean);
    assert(ids.includes("RUSH1"));
    if (
      !parent.activities.some((a: ActivityDoc) => a.lotId === last && a.start <= "2026-01-09T12:00")
    ) {
      assert(!ids.includes(last), "a lot missing from --data is removed");
    }
    // Every activity that started by --now is in the new file unchanged, instants included.
    const nowMs = Date.parse("2026-01-09T12:00:00Z");
    const started = parent.activities.filter((a: ActivityDoc) =>
      Date.parse(a.start) <= nowMs && a.lotId
    );
    assert(started.length > 0);
    for (const a of started) {
      assertEquals(child.activities.find((b: ActivityDoc) => b.lotId === a.lotId), a);
    }
  });
});

Deno.test("schedule --insert ranks a rush lot's places, --apply writes the chosen one", async () => {
  await inTempDir(async (dir) => {
    await planSeed(dir);
    const io = memoryIo();
    const args = [
      "--replan-from",
      `${dir}/a/schedule.json`,
      "--insert",
      "R1,VialE,300000",
      "--top",
      "5",
    ];
    assertEquals(await scheduleCommand(args, io), EXIT.ok, io.stderr);
    const rows = io.stdout.trim().split("\n").slice(2);
    assertEquals(rows.length, 5);
    const deltas = rows.map((r) => Number(r.match(/([+-]?\d+\.\d\d) h/)![1]));
    assertEquals(deltas, [...deltas].sort((x, y) => x - y));
    const io2 = memoryIo();
    assertEquals(
      await scheduleCommand([...args, "--apply", "1", "--out", `${dir}/c`], io2),
      EXIT.ok,
      io2.stderr,
    );
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/c/schedule.json`));
    const parent = JSON.parse(await Deno.readTextFile(`${dir}/a/schedule.json`));
    assert(Math.abs(doc.kpis.makespanHours - parent.kpis.makespanHours - deltas[0]!) < 0.006);
    assertEquals(doc.lineage.version, 2);
  });
});

Deno.test("schedule --replan-from refuses a bad file, a bad --insert and flags without it", async () => {
  await inTempDir(async (dir) => {
    await planSeed(dir);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/a/schedule.json`));
    // A changeover the line's rules do not give.
    doc.activities.find((a: ActivityDoc) => a.kind === "CHANGEOVER").hours += 1;
    await Deno.writeTextFile(`${dir}/bad.json`, JSON.stringify(doc));
    const io = memoryIo();
    const code = await scheduleCommand(
      ["--replan-from", `${dir}/bad.json`, "--insert", "R1,VialE,10"],
      io,
    );
    assertEquals(code, EXIT.invalid);
    assertMatch(io.stderr, /bad\.json: activity \d+ \(CHANGEOVER, \d+ h\) does not follow/);
    const io2 = memoryIo();
    assertEquals(
      await scheduleCommand(
        ["--replan-from", `${dir}/a/schedule.json`, "--insert", "R1,VialE"],
        io2,
      ),
      EXIT.usage,
    );
    assertMatch(io2.stderr, /--insert must be "LOT,TYPE,VIALS"/);
    const io3 = memoryIo();
    assertEquals(
      await scheduleCommand(["--data", SEED_LOTS, "--now", "2026-01-01 00:00"], io3),
      EXIT.usage,
    );
    assertMatch(io3.stderr, /--now needs --replan-from/);
    const io4 = memoryIo();
    await Deno.writeTextFile(`${dir}/gone.csv`, "Lot ID,Type,Vials\nX1,VialE,1000\n");
    const c4 = await scheduleCommand([
      "--replan-from",
      `${dir}/a/schedule.json`,
      "--now",
      "2026-01-05 06:00",
      "--data",
      `${dir}/gone.csv`,
      "--out",
      `${dir}/d`,
    ], io4);
    assertEquals(c4, EXIT.ok, io4.stderr);
    assertMatch(io4.stdout, /frozen\s+0 lots/);
  });
});
