import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { compareStrategies } from "../../src/engine/compare.ts";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { DEFAULT_CONFIG, registry } from "../../src/engine/mod.ts";
import type { JobEventEnvelope } from "../../src/server/services/job_events.ts";
import { longJob } from "../_helpers/long_job.ts";
import { repoPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));
const START = "2026-01-05T06:00:00Z";

Deno.test("compare: runs equal the engine's comparison; deltas vs given order; best; list; delete", async () => {
  await using t = await startTestApp();
  const { client } = await t.signUp();
  const { id, status } = await client.compare.create.mutate({
    csv: CSV,
    strategies: ["spt", "smart", "lpt-pack"],
    startTime: START,
    name: "three",
  });
  assertEquals(status, "queued");
  const done = await pollUntil(() => client.compare.get.query({ id }));
  assertEquals(done.status, "completed", done.error ?? "");
  const { lots } = parseLotsCsv(CSV);
  const expected = await compareStrategies(lots, { ...DEFAULT_CONFIG, startTime: START }, {
    strategies: ["spt", "smart", "lpt-pack"],
  });
  assertEquals(done.strategies, ["given-order", "spt-pack", "smart-pack", "lpt-pack"]);
  assertEquals(done.runs.map((r) => r.strategy), expected.runs.map((r) => r.strategy));
  for (const [i, run] of done.runs.entries()) {
    const want = expected.runs[i]!;
    assertEquals(run.kpis, want.schedule?.kpis ?? null);
    assertEquals(run.delta, want.delta);
    assertEquals(run.gapPct, want.gapPct);
  }
  assertEquals(done.best, expected.best);
  assertEquals(done.baseline, "given-order");
  assertEquals(done.runs[0]!.delta, { makespanHours: 0, cleans: 0, changeoverHours: 0 });
  assertEquals(done.lowerBoundHours, expected.lowerBoundHours);

  // Every strategy, with optimizers held to a short time limit to keep the suite quick.
  const strategyOptions = Object.fromEntries(
    registry.list().filter((s) => s.options.some((o) => o.name === "timeLimitSec"))
      .map((s) => [s.name, { timeLimitSec: 1 }]),
  );
  const all = await client.compare.create.mutate({
    csv: CSV,
    strategies: "all",
    config: { strategyOptions },
  });
  const allDone = await pollUntil(() => client.compare.get.query({ id: all.id }));
  assertEquals(allDone.status, "completed");
  const names = (await t.client().strategies.list.query()).map((s) => s.name);
  assertEquals([...allDone.strategies].sort(), [...names].sort());

  const list = await client.compare.list.query({ page: 1, pageSize: 1 });
  assertEquals(list.total, 2);
  assertEquals(list.items.map((i) => i.id), [all.id]);
  assertEquals((await client.compare.list.query({ status: "completed" })).total, 2);
  assertEquals((await client.compare.list.query()).items.map((i) => i.id), [all.id, id]);

  const bad = await trpcError(
    () => client.compare.create.mutate({ csv: CSV, strategies: ["spt", "nope"] }),
    "BAD_REQUEST",
  );
  assertEquals(bad.data?.issues?.[0]?.field, "strategies");
  assert(bad.message.includes("nope"));

  const badOpt = await trpcError(
    () =>
      client.compare.create.mutate({
        csv: CSV,
        strategies: ["spt"],
        config: { strategyOptions: { spt: { nope: 1 } } },
      }),
    "BAD_REQUEST",
  );
  assertEquals(badOpt.data?.issues?.map((i) => i.field), ["strategyOptions.spt-pack.nope"]);

  assertEquals(await client.compare.delete.mutate({ id }), { id, deleted: true });
  await trpcError(() => client.compare.get.query({ id }), "NOT_FOUND");
  const rows = await t.app.db.selectFrom("comparison_runs").select("comparison_id")
    .where("comparison_id", "=", id).execute();
  assertEquals(rows.length, 0);
});

Deno.test("compare: cancel stops a running comparison; its progress names the strategy", async () => {
  await using t = await startTestApp();
  const { client } = await t.signUp();
  const job = longJob(20);
  const { id } = await client.compare.create.mutate({
    csv: job.csv,
    strategies: [job.strategy],
    config: job.config,
  });
  const progress = await new Promise<JobEventEnvelope>((resolve) => {
    const off = t.app.events.subscribe(id, (e) => {
      if (e.event.type === "progress" && e.event.strategy === "given-order") {
        off();
        resolve(e);
      }
    });
  });
  assert(progress.event.type === "progress" && progress.event.percent <= 100);
  await pollUntil(() => client.compare.get.query({ id }), { until: (c) => c.status === "running" });
  assertEquals((await client.compare.cancel.mutate({ id })).status, "cancelled");
  const c = await client.compare.get.query({ id });
  assertEquals(c.status, "cancelled");
  assertEquals(c.runs, []);
  assertEquals(t.app.events.history(id).at(-1)?.event.type, "cancelled");
  assertEquals(t.app.jobs.snapshot().running.length, 0);
});
