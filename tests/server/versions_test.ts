/**
 * Versions over the typed client on a real server and database: a re-plan and a rush lot each
 * store a new version linked to its parent with fingerprints; versions lists the lineage, diff
 * compares two; the JSON export names version and hashes; other users get NOT_FOUND; bad inputs
 * are refused with their fields.
 */
import ExcelJS from "exceljs";
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { repoPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));
const START = "2026-01-05T06:00:00Z";

Deno.test("schedule versions: re-plan, rush lot, lineage, diff, export and ownership", async (t) => {
  await using app = await startTestApp();
  const { client } = await app.signUp();
  const created = await client.schedule.create.mutate({
    csv: CSV,
    strategy: "smart",
    startTime: START,
  });
  const root = await pollUntil(() => client.schedule.get.query({ id: created.id }));
  assertEquals(root.status, "completed", root.error ?? "");
  assertEquals(root.version, 1);
  assert(/^[0-9a-f]{64}$/.test(root.lineage.inputHash));
  const firstFill = root.activities!.find((a) => a.kind === "FILL")!;
  // Half-way through the first fill: that lot is frozen, the rest is free.
  const now = new Date(Date.parse(START) + (firstFill.startH + firstFill.hours / 2) * 3_600_000)
    .toISOString();
  const freeLot = root.plan!.flat().find((id) => id !== firstFill.lotId)!;

  let replanId = "";
  await t.step(
    "replan stores version 2 with the frozen lot kept and the changes applied",
    async () => {
      const r = await client.schedule.replan.mutate({
        id: created.id,
        now,
        changes: {
          remove: [freeLot],
          add: [{ id: "NEW1", type: firstFill.lotType!, vials: 50_000 }],
        },
        strategy: "opt-pack",
        boundBudgetMs: 200,
      });
      assertEquals(r.version, 2);
      assertEquals(r.report.frozenLots, [firstFill.lotId]);
      assertEquals(r.report.removed, [freeLot]);
      assert(r.report.remainder.lowerBoundHours <= r.report.remainder.makespanHours + 1e-6);
      const v = await client.schedule.get.query({ id: r.id });
      assertEquals(v.status, "completed");
      assertEquals(v.parentId, created.id);
      assertEquals(v.lineage.rootId, created.id);
      assertEquals(v.activities!.find((a) => a.lotId === firstFill.lotId), firstFill);
      assert(v.plan!.flat().includes("NEW1") && !v.plan!.flat().includes(freeLot));
      replanId = r.id;
    },
  );

  let rushId = "";
  await t.step("rushOptions ranks places best first; rushApply stores version 3", async () => {
    const lot = { id: "RUSH", type: firstFill.lotType!, vials: 100_000 };
    const ranked = await client.schedule.rushOptions.query({ id: replanId, lot, now, limit: 5 });
    assertEquals(ranked.options.length, 5);
    assert(ranked.total >= 5);
    const d = ranked.options.map((o) => o.makespanDeltaHours);
    assertEquals(d, [...d].sort((x, y) => x - y));
    const best = ranked.options[0]!;
    const applied = await client.schedule.rushApply.mutate({
      id: replanId,
      lot,
      now,
      at: { kind: best.kind, block: best.block, position: best.position },
    });
    assertEquals(applied.version, 3);
    const v = await client.schedule.get.query({ id: applied.id });
    const before = await client.schedule.get.query({ id: replanId });
    assert(
      Math.abs(v.kpis!.makespanHours - before.kpis!.makespanHours - best.makespanDeltaHours) < 1e-6,
    );
    rushId = applied.id;
  });

  await t.step("versions lists the lineage from any member; diff names the changes", async () => {
    const list = await client.schedule.versions.query({ id: replanId });
    assertEquals(list.map((e) => [e.version, e.change]), [[1, "run"], [2, "replan"], [
      3,
      "rush-lot",
    ]]);
    assertEquals(list.map((e) => e.parentId), [null, created.id, replanId]);
    assert(list.every((e) => e.inputHash.length === 64 && e.configHash.length === 64));
    assert(list[0]!.inputHash !== list[2]!.inputHash);
    const diff = await client.schedule.diff.query({ a: replanId, b: rushId });
    assertEquals(diff.added, ["RUSH"]);
    assertEquals(diff.removed, []);
    const d2 = await client.schedule.diff.query({ a: created.id, b: replanId });
    assertEquals(d2.removed, [freeLot]);
    assertEquals(d2.added, ["NEW1"]);
    assert(
      Math.abs(d2.kpis.makespanHours.delta - (d2.kpis.makespanHours.b - d2.kpis.makespanHours.a)) <
        1e-9,
    );
  });

  await t.step("the JSON export names its version, parent and hashes", async () => {
    const file = await client.schedule.export.query({ id: rushId, format: "json" });
    assertEquals(file.filename, `schedule_${rushId}_v3.json`);
    const csv = await client.schedule.export.query({ id: rushId, format: "csv" });
    assertEquals(csv.filename, `schedule_${rushId}_v3.csv`);
    const doc = JSON.parse(file.content);
    assertEquals(doc.lineage.version, 3);
    assertEquals(doc.lineage.scheduleId, rushId);
    assertEquals(doc.lineage.parentId, replanId);
    assert(/^[0-9a-f]{64}$/.test(doc.lineage.configHash));
    const html = await client.schedule.export.query({ id: rushId, format: "html" });
    assert(html.content.includes(`Version 3 (parent ${replanId})`), "the report names its version");
    assert(html.content.includes(doc.lineage.inputHash));
    const x = await client.schedule.export.query({ id: rushId, format: "xlsx" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Uint8Array.from(atob(x.content), (c) => c.charCodeAt(0)).buffer);
    const cfg = new Map<string, unknown>();
    wb.getWorksheet("Config")!.eachRow((r) =>
      void cfg.set(String(r.getCell(1).value), r.getCell(2).value)
    );
    assertEquals(cfg.get("Version"), 3);
    assertEquals(cfg.get("Parent ID"), replanId);
    assertEquals(cfg.get("Input sha256"), doc.lineage.inputHash);
    assertEquals(cfg.get("Config sha256"), doc.lineage.configHash);
  });

  await t.step("bad inputs are refused naming the field; frozen lots cannot change", async () => {
    const e1 = await trpcError(
      () =>
        client.schedule.replan.mutate({
          id: created.id,
          now,
          changes: { remove: [firstFill.lotId!] },
        }),
      "BAD_REQUEST",
    );
    assert(/already started/.test(e1.message), e1.message);
    await trpcError(
      () => client.schedule.replan.mutate({ id: created.id, now: "yesterday" }),
      "BAD_REQUEST",
    );
    await trpcError(
      () =>
        client.schedule.rushOptions.query(
          // An unknown key, past the types: strict inputs refuse it.
          { id: created.id, lot: { id: "X", type: "T", vials: 1 }, extra: 1 } as unknown as {
            id: string;
            lot: { id: string; type: string; vials: number };
          },
        ),
      "BAD_REQUEST",
    );
    const e2 = await trpcError(
      () =>
        client.schedule.rushApply.mutate({
          id: created.id,
          lot: { id: "X", type: "T", vials: 1 },
          now,
          at: { kind: "into-block", block: 0, position: 0 },
        }),
      "BAD_REQUEST",
    );
    assert(/ranked places/.test(e2.message), e2.message);
  });

  await t.step("replan with the lots as they are now (csv) removes what is gone", async () => {
    const rows = CSV.trim().split("\n");
    const gone = rows[rows.length - 1]!.split(",")[0]!;
    const r = await client.schedule.replan.mutate({
      id: created.id,
      now: START,
      csv: rows.slice(0, -1).join("\n") + "\n",
      strategy: "smart",
      boundBudgetMs: 0,
    });
    assertEquals(r.report.removed, [gone]);
    assertEquals(r.report.added, []);
    const both = await trpcError(
      () => client.schedule.replan.mutate({ id: created.id, csv: CSV, changes: {} }),
      "BAD_REQUEST",
    );
    assert(/not several/.test(both.message), both.message);
  });

  await t.step("another user finds none of it", async () => {
    const other = (await app.signUp()).client;
    await trpcError(() => other.schedule.versions.query({ id: created.id }), "NOT_FOUND");
    await trpcError(() => other.schedule.diff.query({ a: created.id, b: replanId }), "NOT_FOUND");
    await trpcError(() => other.schedule.replan.mutate({ id: created.id }), "NOT_FOUND");
    await trpcError(
      () =>
        other.schedule.rushOptions.query({ id: created.id, lot: { id: "X", type: "T", vials: 1 } }),
      "NOT_FOUND",
    );
    await trpcError(
      () =>
        other.schedule.rushApply.mutate({
          id: created.id,
          lot: { id: "X", type: "T", vials: 1 },
          at: { kind: "new-block", block: 0, position: 0 },
        }),
      "NOT_FOUND",
    );
  });
});
