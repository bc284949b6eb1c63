import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  applyScenario,
  DEFAULT_CONFIG,
  explainSchedule,
  parseLotsCsv,
  runSchedule,
} from "../../src/engine/mod.ts";
import { benchPath, repoPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { longJob } from "../_helpers/long_job.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));
const START = "2026-01-05T06:00:00Z";

Deno.test("schedule.explain and schedule.whatIf over the typed client", async (t) => {
  await using app = await startTestApp();
  const { client } = await app.signUp();
  const { lots } = parseLotsCsv(CSV);
  const created = await client.schedule.create.mutate({
    csv: CSV,
    strategy: "lpt",
    startTime: START,
  });
  const done = await pollUntil(() => client.schedule.get.query({ id: created.id }));
  assertEquals(done.status, "completed", done.error ?? "");
  const engine = await runSchedule(lots, { ...DEFAULT_CONFIG, startTime: START }, {
    strategy: "lpt-pack",
  });

  await t.step("explain equals the engine's explanation of the same plan", async () => {
    const e = await client.schedule.explain.query({ id: created.id });
    assertEquals(e.cleans.length, done.kpis!.cleans);
    const mine = explainSchedule(engine, "heuristic");
    assertEquals(e.cleans.map((c) => c.sentence), mine.cleans.map((c) => c.sentence));
    assertEquals(e.certificate.code, done.bound!.provenOptimal ? "PROVEN_OPTIMAL" : "GAP_OPEN");
    assertEquals(e.certificate.lowerBoundHours, done.bound!.lowerBoundHours);
    assert(e.certificate.steps.length >= 4);
  });

  await t.step("a bound beyond the continuous one is argued with the lots' prices", async () => {
    const csv = Deno.readTextFileSync(benchPath("public/uniform_n30_t4.csv"));
    const run = await client.schedule.create.mutate({ csv, strategy: "opt-pack" });
    const ok = await pollUntil(() => client.schedule.get.query({ id: run.id }));
    assertEquals(ok.status, "completed", ok.error ?? "");
    // Whatever bound the run reached in its time, the explanation prices the lots.
    assert(!(ok.bound!.method === "continuous" && ok.bound!.provenOptimal));
    const e = await client.schedule.explain.query({ id: run.id, budgetMs: 3000 });
    assert(e.certificate.steps.some((s) => s.startsWith("Column generation priced")));
    assertEquals(e.certificate.lotPrices.length, 30);
    // The plan's own blocks cost at least the prices of their lots (dual feasibility).
    const price = new Map(e.certificate.lotPrices.map((l) => [l.lotId, l.priceHours]));
    const { chgSameHours: s, chgDiffHours: D, cleanHours: C, fillRateVph: r } = DEFAULT_CONFIG;
    const lotsById = new Map(parseLotsCsv(csv).lots.map((l) => [l.id, l]));
    for (const b of ok.kpis!.blocks) {
      const lots = b.lotIds.map((id) => lotsById.get(id)!);
      const cost = C - D + lots.reduce((a, l) => a + l.vials / r + s, 0) + (D - s) * b.types;
      const prices = b.lotIds.reduce((a, id) => a + price.get(id)!, 0);
      assert(cost >= prices - 1e-6, `block ${b.index}: ${cost} < ${prices}`);
    }
  });

  await t.step(
    "whatIf re-solves each change set; the figures equal re-solving by hand",
    async () => {
      const changes = [
        { name: "window +1 h", set: { windowHours: 121 } },
        { name: "without B1", removeLots: ["B1"] },
      ];
      const r = await client.schedule.whatIf.mutate({ id: created.id, changes, budgetMs: 800 });
      assertEquals(r.baseline.makespanHours, done.kpis!.makespanHours);
      assertEquals(r.results.map((x) => x.name), changes.map((c) => c.name));
      for (const [k, res] of r.results.entries()) {
        const c = applyScenario(lots, { ...DEFAULT_CONFIG, startTime: START }, changes[k]!);
        const again = await runSchedule(c.lots, c.config, { strategy: "lpt-pack" });
        assertEquals(res.makespanHours, again.kpis.makespanHours, res.name);
        assertEquals(res.deltaCleans, again.kpis.cleans - done.kpis!.cleans);
      }
      // Without change sets: the standard questions.
      const std = await client.schedule.whatIf.mutate({ id: created.id, budgetMs: 1200 });
      assert(std.results.length >= 5, std.results.map((x) => x.name).join());
    },
  );

  await t.step(
    "bad change sets, unknown lots, other users and unfinished runs are refused",
    async () => {
      const bad = await trpcError(() =>
        client.schedule.whatIf.mutate({
          id: created.id,
          changes: [{ name: "gone", removeLots: ["NOPE"] }],
          budgetMs: 200,
        }), "BAD_REQUEST");
      assert(bad.message.includes("NOPE"), bad.message);
      const tooSmall = await trpcError(() =>
        client.schedule.whatIf.mutate({
          id: created.id,
          changes: [{ name: "tiny window", set: { windowHours: 10 } }],
          budgetMs: 200,
        }), "BAD_REQUEST");
      assert(tooSmall.message.includes("tiny window"), tooSmall.message);
      const other = (await app.signUp()).client;
      await trpcError(() => other.schedule.explain.query({ id: created.id }), "NOT_FOUND");
      await trpcError(
        () => other.schedule.whatIf.mutate({ id: created.id, budgetMs: 200 }),
        "NOT_FOUND",
      );
      // A run that cannot have finished: cancelled while opt-pack searches for a minute.
      const long = await client.schedule.create.mutate(longJob(60));
      await client.schedule.cancel.mutate({ id: long.id });
      const refused = await trpcError(
        () => client.schedule.explain.query({ id: long.id }),
        "BAD_REQUEST",
      );
      assert(refused.message.includes("only completed schedules"), refused.message);
    },
  );
});
