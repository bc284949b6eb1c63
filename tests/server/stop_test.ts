/** schedule.stop / compare.stop: end a running search and keep its best result, unlike cancel. */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { JobEventEnvelope } from "../../src/server/services/job_events.ts";
import { longJob } from "../_helpers/long_job.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, type TestApp, trpcError } from "../_helpers/test_app.ts";

/** Resolves with the first event of `jobId` matching `pred`. */
function nextEvent(
  t: TestApp,
  jobId: string,
  pred: (e: JobEventEnvelope) => boolean,
): Promise<JobEventEnvelope> {
  const past = t.app.events.history(jobId).find(pred);
  if (past) return Promise.resolve(past);
  return new Promise((resolve) => {
    const off = t.app.events.subscribe(jobId, (e) => {
      if (pred(e)) {
        off();
        resolve(e);
      }
    });
  });
}

const improving = (e: JobEventEnvelope) =>
  e.event.type === "progress" && e.event.phase === "improving";

Deno.test("schedule.stop: a running search completes at once with its best plan, marked stopped", async () => {
  await using t = await startTestApp({ config: { workers: 1 } });
  const alice = await t.signUp();
  const bob = await t.signUp();
  const running = await alice.client.schedule.create.mutate(longJob(60));
  const queued = await alice.client.schedule.create.mutate(longJob(60));
  await nextEvent(t, running.id, improving);
  // Only the owner may stop it.
  await trpcError(() => bob.client.schedule.stop.mutate({ id: running.id }), "NOT_FOUND");
  const answer = await alice.client.schedule.stop.mutate({ id: running.id });
  assertEquals(answer.stopping, true);
  const done = await pollUntil(() => alice.client.schedule.get.query({ id: running.id }));
  assertEquals(done.status, "completed", done.error ?? "");
  assert(done.bound && done.kpis);
  assertEquals(done.solveStatus, done.bound.provenOptimal ? "optimal" : "stopped");
  assert(done.bound.lowerBoundHours <= done.kpis.makespanHours);
  assert(done.activities && done.activities.length > 0);
  // It did not wait for its 60 s limit (nor its bound's budget).
  assert(done.timings.runMs !== null && done.timings.runMs < 30_000, `${done.timings.runMs} ms`);
  // Its event follows the stored row; a stop is never reported as cancelled.
  await nextEvent(t, running.id, (e) => e.event.type === "completed");
  assert(!t.app.events.history(running.id).some((e) => e.event.type === "cancelled"));
  // A queued job asked to stop runs and stops at its first plan; an ended one is left alone.
  assertEquals((await alice.client.schedule.stop.mutate({ id: queued.id })).stopping, true);
  const q = await pollUntil(() => alice.client.schedule.get.query({ id: queued.id }));
  assertEquals(q.status, "completed", q.error ?? "");
  assertEquals(q.solveStatus, q.bound?.provenOptimal ? "optimal" : "stopped");
  const again = await alice.client.schedule.stop.mutate({ id: running.id });
  assertEquals(again, { id: running.id, status: "completed", stopping: false });
  await trpcError(() => alice.client.schedule.stop.mutate({ id: "nope" }), "NOT_FOUND");
});

Deno.test("compare.stop: the comparison completes with every run, optimizers stopped", async () => {
  await using t = await startTestApp({ config: { workers: 1 } });
  const { client } = await t.signUp();
  const job = longJob(60);
  const { id } = await client.compare.create.mutate({
    csv: job.csv,
    strategies: ["spt", "opt-pack"],
    config: job.config,
  });
  await nextEvent(t, id, improving);
  assertEquals((await client.compare.stop.mutate({ id })).stopping, true);
  const done = await pollUntil(() => client.compare.get.query({ id }));
  assertEquals(done.status, "completed", done.error ?? "");
  assertEquals(done.runs.map((r) => r.strategy), ["given-order", "spt-pack", "opt-pack"]);
  for (const r of done.runs) assert(r.kpis, `${r.strategy}: ${r.error}`);
  const opt = done.runs.find((r) => r.strategy === "opt-pack")!;
  assertEquals(opt.solveStatus, opt.bound?.provenOptimal ? "optimal" : "stopped");
});
