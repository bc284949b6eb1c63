/**
 * The calendar and due dates through the real server and typed client: a run's config carries
 * unavailable intervals and an objective, lots carry due dates, and the stored schedule, its view
 * and its JSON export keep all of it.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

const START = "2026-01-05T06:00:00Z";
const LOTS = [
  { id: "A", type: "T1", vials: 400_000, due: "2026-01-06 12:00", priority: 3 },
  { id: "B", type: "T1", vials: 900_000, due: "2026-01-08 00:00" },
  { id: "C", type: "T2", vials: 1_500_000, due: "2026-01-07T00:00:00Z" },
  { id: "D", type: "T2", vials: 300_000 },
];

Deno.test("schedule.create with a calendar and due dates: no activity in a downtime, lateness measured", async () => {
  await using app = await startTestApp();
  const { client } = await app.signUp();
  const { id } = await client.schedule.create.mutate({
    lots: LOTS,
    strategy: "smart",
    startTime: START,
    config: {
      calendar: [{ start: "2026-01-06 00:00", end: "2026-01-06 12:00", reason: "maintenance" }],
      objective: "makespan-then-tardiness",
    },
  });
  const done = await pollUntil(() => client.schedule.get.query({ id }));
  assertEquals(done.status, "completed", done.error ?? "");
  assertEquals(done.downtimes.map((d) => [d.startH, d.endH, d.reason, d.start]), [
    [18, 30, "maintenance", "2026-01-06T00:00:00.000Z"],
  ]);
  for (const a of done.activities!) assert(a.endH <= 18 + 1e-9 || a.startH >= 30 - 1e-9, a.note);
  assertEquals(done.kpis!.due!.lotsWithDue, 3);
  assert(done.bound!.tardiness!.lowerBoundHours <= done.kpis!.due!.weightedTardinessHours + 1e-9);
  const { content } = await client.schedule.export.query({ id, format: "json" });
  const doc = JSON.parse(content);
  assertEquals(doc.calendar[0].reason, "maintenance");
  assertEquals(doc.objective, "makespan-then-tardiness");
  assertEquals(doc.kpis.due.lots.length, 3);
});

Deno.test("schedule.create refuses a bad interval and a bad due date, naming each", async () => {
  await using app = await startTestApp();
  const { client } = await app.signUp();
  const badCalendar = await trpcError(
    () =>
      client.schedule.create.mutate({
        lots: LOTS,
        startTime: START,
        config: { calendar: [{ start: "2026-01-06 12:00", end: "2026-01-06 00:00" }] },
      }),
    "BAD_REQUEST",
  );
  const issues = (badCalendar.data as unknown as { issues: { code: string; field: string }[] })
    .issues;
  assertEquals(issues.map((i) => [i.code, i.field]), [["INVALID_CALENDAR", "calendar.0.end"]]);
  const badDue = await trpcError(
    () =>
      client.schedule.create.mutate({
        lots: [{ id: "X", type: "T", vials: 10, due: "next week" }],
        startTime: START,
      }),
    "BAD_REQUEST",
  );
  const dueIssues = (badDue.data as unknown as { issues: { code: string; lotId: string }[] })
    .issues;
  assertEquals(dueIssues.map((i) => [i.code, i.lotId]), [["INVALID_DUE", "X"]]);
});
