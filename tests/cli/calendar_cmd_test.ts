/**
 * The command line's calendar and due dates: `--calendar FILE` (and FILLSCHED_CALENDAR), the
 * lots CSV's Due and Priority columns, `--objective`, and the exports that carry them.
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

const CALENDAR = "Start,End,Reason\n2026-01-07 06:00,2026-01-08 06:00,maintenance\n";

Deno.test("schedule --calendar keeps every activity out of the intervals and exports them", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/cal.csv`, CALENDAR);
    const io = memoryIo({ FILLSCHED_TIME_ZONE: "Europe/Berlin" });
    const args = ["--data", SEED_LOTS, "--strategy", "smart", "--start", "2026-01-05 06:00"];
    const code = await scheduleCommand(
      [...args, "--calendar", `${dir}/cal.csv`, "--out", `${dir}/o`],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    assertMatch(io.stdout, /idle \(calendar\)\s+\d+\.\d\d h around 1 downtime/);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/o/schedule.json`));
    assertEquals(doc.calendar.length, 1);
    assertEquals(doc.calendar[0].start, "2026-01-07T06:00:00.000+01:00");
    assertEquals(doc.calendar[0].reason, "maintenance");
    const [from, to] = [Date.parse(doc.calendar[0].start), Date.parse(doc.calendar[0].end)];
    for (const a of doc.activities) {
      assert(Date.parse(a.end) <= from || Date.parse(a.start) >= to, JSON.stringify(a));
    }
    assert(doc.kpis.idleHours > 0);
    const csv = await Deno.readTextFile(`${dir}/o/schedule.csv`);
    assertMatch(
      csv,
      /\n2026-01-07T06:00:00\.000\+01:00,2026-01-08T06:00:00\.000\+01:00,24,DOWNTIME,,,maintenance\n/,
    );
    assertMatch(
      await Deno.readTextFile(`${dir}/o/summary.txt`),
      /Calendar \(1 unavailable interval/,
    );
    // The same calendar from the environment gives the same plan.
    const env = memoryIo({
      FILLSCHED_TIME_ZONE: "Europe/Berlin",
      FILLSCHED_CALENDAR: JSON.stringify([
        { start: "2026-01-07 06:00", end: "2026-01-08 06:00", reason: "maintenance" },
      ]),
    });
    assertEquals(await scheduleCommand([...args, "--out", `${dir}/e`], env), EXIT.ok, env.stderr);
    const again = JSON.parse(await Deno.readTextFile(`${dir}/e/schedule.json`));
    assertEquals(again.kpis.makespanHours, doc.kpis.makespanHours);
  });
});

Deno.test("schedule --calendar names the file and line of a bad interval and writes nothing", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/cal.csv`,
      "Start,End,Reason\n2026-01-07 06:00,soon,x\n2026-01-09 06:00,2026-01-08 06:00,y\n",
    );
    const io = memoryIo({});
    const code = await scheduleCommand(
      ["--data", SEED_LOTS, "--calendar", `${dir}/cal.csv`, "--out", `${dir}/o`],
      io,
    );
    assertEquals(code, EXIT.invalid);
    assertMatch(io.stderr, /cal\.csv line 2: End must be ISO 8601/);
    assertMatch(io.stderr, /cal\.csv line 3: End must be after its start/);
    assertEquals(await Array.fromAsync(Deno.readDir(dir)).then((e) => e.length), 1);
  });
});

Deno.test("schedule reads Due and Priority, optimizes tardiness on request and reports late lots", async () => {
  await inTempDir(async (dir) => {
    const rows = (await Deno.readTextFile(SEED_LOTS)).trim().split(/\r?\n/);
    const due = [
      `${rows[0]},Due,Priority`,
      ...rows.slice(1).map((r, i) =>
        `${r},2026-01-${String(6 + (i % 10)).padStart(2, "0")} 12:00,${1 + (i % 3)}`
      ),
    ].join("\n");
    await Deno.writeTextFile(`${dir}/lots.csv`, due + "\n");
    const io = memoryIo({});
    const code = await scheduleCommand(
      [
        "--data",
        `${dir}/lots.csv`,
        "--strategy",
        "lpt",
        "--start",
        "2026-01-05 06:00",
        "--objective",
        "makespan-then-tardiness",
        "--out",
        `${dir}/o`,
      ],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    assertMatch(io.stdout, /objective\s+makespan-then-tardiness/);
    assertMatch(io.stdout, /on time\s+\d+ of 15 lots with a due date/);
    assertMatch(io.stdout, /tardiness bound\s+\d+\.\d\d h weighted/);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/o/schedule.json`));
    assertEquals(doc.objective, "makespan-then-tardiness");
    assertEquals(doc.kpis.due.lotsWithDue, 15);
    assertEquals(doc.kpis.due.onTime + doc.kpis.due.late, 15);
    assert(doc.bound.tardiness.lowerBoundHours <= doc.kpis.due.weightedTardinessHours + 1e-9);
    const late = doc.kpis.due.lots.filter((d: { tardinessHours: number }) => d.tardinessHours > 0);
    assertEquals(late.length, doc.kpis.due.late);
    const bad = memoryIo({});
    await Deno.writeTextFile(`${dir}/bad.csv`, "Lot ID,Type,Vials,Due\nA,T,100,someday\n");
    assertEquals(
      await scheduleCommand(["--data", `${dir}/bad.csv`, "--out", `${dir}/b`], bad),
      EXIT.invalid,
    );
    assertMatch(bad.stderr, /line 2 \(lot A\): Due must be ISO 8601/);
  });
});
