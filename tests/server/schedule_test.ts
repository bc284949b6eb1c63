import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { formatScheduleCsv } from "../../src/engine/formats/schedule_csv.ts";
import { DEFAULT_CONFIG, runSchedule } from "../../src/engine/mod.ts";
import { repoPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));
const START = "2026-01-05T06:00:00Z";

Deno.test("schedule: create → get until done; KPIs equal the engine's; list, export, delete", async (t) => {
  await using app = await startTestApp();
  const { client } = await app.signUp();
  let firstId = "", expectedCsv = "", expectedMakespan = 0, expectedCount = 0;

  await t.step(
    "create answers queued at once; the run completes with the engine's KPIs",
    async () => {
      const created = await client.schedule.create.mutate({
        csv: CSV,
        strategy: "smart",
        startTime: START,
        name: "example",
      });
      assertEquals(created.status, "queued");
      const done = await pollUntil(() => client.schedule.get.query({ id: created.id }));
      assertEquals(done.status, "completed", done.error ?? "");
      const { lots } = parseLotsCsv(CSV);
      const expected = await runSchedule(lots, { ...DEFAULT_CONFIG, startTime: START }, {
        strategy: "smart-pack",
      });
      assertEquals(done.strategy, "smart-pack");
      assertEquals(done.kpis, expected.kpis);
      assertEquals(done.bound?.lowerBoundHours !== undefined, true);
      assert(done.bound!.lowerBoundHours <= done.kpis!.makespanHours + 1e-9);
      assertEquals(done.activities?.length, expected.activities.length);
      assertEquals(done.activities?.[0]?.start, "2026-01-05T06:00:00.000Z");
      assertEquals(done.startAt, "2026-01-05T06:00:00.000Z");
      assertEquals(done.lotCount, lots.length);
      assertEquals(done.name, "example");
      assert(done.timings.runMs !== null && done.timings.runMs >= 0);

      firstId = created.id;
      expectedCsv = formatScheduleCsv(expected, { timeZone: "UTC" });
      expectedMakespan = expected.kpis.makespanHours;
      expectedCount = expected.activities.length;
    },
  );

  await t.step("export gives the files the CLI writes; unfinished runs cannot export", async () => {
    const csv = await client.schedule.export.query({ id: firstId, format: "csv" });
    assertEquals(csv.content, expectedCsv);
    const json = await client.schedule.export.query({ id: firstId, format: "json" });
    const doc = JSON.parse(json.content);
    assertEquals(doc.kpis.makespanHours, expectedMakespan);
    assertEquals(doc.activities.length, expectedCount);
    const queued = await client.schedule.create.mutate({ csv: CSV, strategy: "given-order" });
    const cancelled = await client.schedule.cancel.mutate({ id: queued.id });
    if (cancelled.status === "cancelled") {
      await trpcError(
        () => client.schedule.export.query({ id: queued.id, format: "csv" }),
        "BAD_REQUEST",
      );
    }
    await client.schedule.delete.mutate({ id: queued.id });
  });

  await t.step("list pages newest first and filters by status and strategy", async () => {
    const ids: string[] = [];
    for (const strategy of ["given-order", "spt", "given-order"]) {
      ids.push((await client.schedule.create.mutate({ csv: CSV, strategy, startTime: START })).id);
    }
    for (const id of ids) await pollUntil(() => client.schedule.get.query({ id }));
    const p1 = await client.schedule.list.query({ page: 1, pageSize: 2 });
    assertEquals(p1.total, 4);
    assertEquals(p1.items.map((i) => i.id), [ids[2], ids[1]]);
    const p2 = await client.schedule.list.query({ page: 2, pageSize: 2 });
    assertEquals(p2.items.length, 2);
    assertEquals(p2.items[0]!.id, ids[0]);
    const given = await client.schedule.list.query({ strategy: "fifo" }); // an alias
    assertEquals(given.items.map((i) => i.id).sort(), [ids[0], ids[2]].sort());
    const done = await client.schedule.list.query({ status: "completed" });
    assertEquals(done.total, 4);
    assertEquals((await client.schedule.list.query({ status: "failed" })).total, 0);
    const tooBig = await trpcError(
      () => client.schedule.list.query({ pageSize: 101 }),
      "BAD_REQUEST",
    );
    assertEquals(tooBig.data?.issues?.[0]?.field, "pageSize");
  });

  await t.step("delete removes it; a second delete is NOT_FOUND", async () => {
    const { id } = await client.schedule.create.mutate({ csv: CSV, strategy: "given-order" });
    await pollUntil(() => client.schedule.get.query({ id }));
    assertEquals(await client.schedule.delete.mutate({ id }), { id, deleted: true });
    await trpcError(() => client.schedule.get.query({ id }), "NOT_FOUND");
    await trpcError(() => client.schedule.delete.mutate({ id }), "NOT_FOUND");
  });

  await t.step("bad CSV gives BAD_REQUEST listing every line's problem", async () => {
    const bad = "Lot ID,Type,Vials\nA1,VialE,100\nA2,VialH,-5\n,VialE,10\nA1,VialE,abc\n";
    const e = await trpcError(() => client.schedule.create.mutate({ csv: bad }), "BAD_REQUEST");
    const lines = (e.data?.issues ?? []).map((i) => i.line).sort();
    assert(
      lines.includes(3) && lines.includes(4) && lines.includes(5),
      JSON.stringify(e.data?.issues),
    );
    assertEquals("stack" in (e.data ?? {}), false);
  });

  await t.step("bad lots and config list every problem with its field or lot", async () => {
    const e = await trpcError(() =>
      client.schedule.create.mutate({
        lots: [{ id: "A", type: "T", vials: 0 }, { id: "A", type: "T", vials: 10 }],
        config: { cleanHours: -1, windowHours: "x", bogus: 1 },
      }), "BAD_REQUEST");
    const fields = (e.data?.issues ?? []).map((i) => i.field).sort();
    assertEquals(fields, ["bogus", "cleanHours", "windowHours"]);
    const lotErr = await trpcError(() =>
      client.schedule.create.mutate({
        lots: [{ id: "A", type: "T", vials: 0 }, { id: "A", type: "T", vials: 10 }],
      }), "BAD_REQUEST");
    assertEquals((lotErr.data?.issues ?? []).map((i) => i.lotId), ["A", "A"]);
    const strat = await trpcError(
      () => client.schedule.create.mutate({ csv: CSV, strategy: "nope" }),
      "BAD_REQUEST",
    );
    assertEquals(strat.data?.issues?.[0]?.field, "strategy");
    const both = await trpcError(() => client.schedule.create.mutate({}), "BAD_REQUEST");
    assertEquals(both.data?.issues?.[0]?.field, "lots");
  });

  await t.step("instants come back with the offset of the run's time zone", async () => {
    const { id } = await client.schedule.create.mutate({
      csv: CSV,
      strategy: "spt",
      startTime: "2026-07-01 06:00",
      config: { timeZone: "Europe/Berlin" },
    });
    const s = await pollUntil(() => client.schedule.get.query({ id }));
    assertEquals(s.startAt, "2026-07-01T06:00:00.000+02:00");
    assertEquals(s.activities?.[0]?.start, "2026-07-01T06:00:00.000+02:00");
    assert(s.createdAt.endsWith("Z"));
    const row = await app.app.db.selectFrom("schedules").select("start_at").where("id", "=", id)
      .executeTakeFirstOrThrow();
    assertEquals(row.start_at, "2026-07-01T04:00:00.000Z"); // stored in UTC
  });

  await t.step("strategies.list is public and lists options with defaults", async () => {
    const list = await app.client().strategies.list.query();
    const smart = list.find((s) => s.name === "smart-pack");
    assert(smart);
    assert(smart.aliases.includes("smart"));
    for (const s of list) for (const o of s.options) assert(o.default !== undefined);
  });
});
