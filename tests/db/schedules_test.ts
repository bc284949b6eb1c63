import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { createUser } from "../../src/db/users.ts";
import {
  completeSchedule,
  findScheduleJob,
  findScheduleView,
  findStoredSchedule,
  insertQueuedSchedule,
} from "../../src/db/schedules.ts";
import { markStarted } from "../../src/db/jobs.ts";
import { DEFAULT_CONFIG, runSchedule } from "../../src/engine/mod.ts";
import { tempDb } from "./_temp_db.ts";

const LOTS = [
  { id: "a", type: "T1", vials: 40_000 },
  { id: "b", type: "T2", vials: 90_000, line: 3 },
  { id: "c", type: "T1", vials: 10_000 },
];

Deno.test("schedules: a stored result reads back as the engine's Schedule, owner-scoped", async () => {
  await using tmp = await tempDb();
  const user = (await createUser(tmp.db, { email: "a@x.io", passwordHash: "h" }))!;
  const config = { ...DEFAULT_CONFIG, strategy: "lpt-pack", timeZone: "Europe/Berlin" };
  const startMs = Date.UTC(2026, 0, 5, 6);
  await insertQueuedSchedule(tmp.db, {
    id: "s1",
    ownerId: user.id,
    name: null,
    strategy: "lpt-pack",
    templateId: null,
    lots: LOTS,
    config,
    sources: {},
    startMs,
  });
  const job = (await findScheduleJob(tmp.db, "s1"))!;
  assertEquals(job, { lots: LOTS, config, strategy: "lpt-pack", startMs });
  const schedule = await runSchedule(job.lots, job.config, { startMs });
  assertEquals(await completeSchedule(tmp.db, "s1", schedule), false, "not running yet");
  await markStarted(tmp.db, "schedules", "s1");
  assertEquals(await completeSchedule(tmp.db, "s1", schedule), true);
  const stored = (await findStoredSchedule(tmp.db, user.id, "s1"))!;
  assertEquals(stored.status, "completed");
  assertEquals(stored.timeZone, "Europe/Berlin");
  assertEquals(stored.schedule, schedule);
  assertEquals(await findStoredSchedule(tmp.db, "someone-else", "s1"), null);
  // A plan naming a lot that was never stored is a damaged row, said as such.
  await tmp.db.updateTable("schedules").set({ plan_json: '[["a","ghost"]]' }).execute();
  await rejects(findStoredSchedule(tmp.db, user.id, "s1"), /corrupt plan_json column: lot "ghost"/);
  await tmp.db.updateTable("schedules").set({ plan_json: JSON.stringify([["a"]]) }).execute();
  assertEquals(
    (await findScheduleView(tmp.db, user.id, "s1"))!.activities![0]!.start,
    "2026-01-05T07:00:00.000+01:00",
  );
});

Deno.test("schedules: a corrupt JSON column is an error naming the column", async () => {
  await using tmp = await tempDb();
  const user = (await createUser(tmp.db, { email: "a@x.io", passwordHash: "h" }))!;
  await insertQueuedSchedule(tmp.db, {
    id: "s1",
    ownerId: user.id,
    name: null,
    strategy: "lpt-pack",
    templateId: null,
    lots: LOTS,
    config: DEFAULT_CONFIG,
    sources: {},
    startMs: 0,
  });
  await tmp.db.updateTable("schedules").set({ lots_json: '[{"id":"a","type":"T1"}]' }).execute();
  await rejects(findScheduleJob(tmp.db, "s1"), /corrupt lots_json column/);
});
