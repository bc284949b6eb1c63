import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { JobEventEnvelope } from "../../src/server/services/job_events.ts";
import { openDb } from "../../src/db/open.ts";
import { repoPath } from "../_helpers/paths.ts";
import { longJob } from "../_helpers/long_job.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, type TestApp } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));

/** Resolves with the first event of `jobId` matching `type`. */
function nextEvent(t: TestApp, jobId: string, type: string): Promise<JobEventEnvelope> {
  const past = t.app.events.history(jobId).find((e) => e.event.type === type);
  if (past) return Promise.resolve(past);
  return new Promise((resolve) => {
    const off = t.app.events.subscribe(jobId, (e) => {
      if (e.event.type === type) {
        off();
        resolve(e);
      }
    });
  });
}

Deno.test("jobs: events in order, progress ≥ 100 ms apart, DB written before each event", async () => {
  await using t = await startTestApp();
  const { client, userId } = await t.signUp();
  const seen: { env: JobEventEnvelope; dbStatus: Promise<string | undefined> }[] = [];
  const record = (env: JobEventEnvelope) => {
    const dbStatus = t.app.db.selectFrom("schedules").select("status")
      .where("id", "=", env.jobId).executeTakeFirst().then((r) => r?.status);
    seen.push({ env, dbStatus });
  };
  // Status events through the owner's feed (from before the job exists), progress per job.
  const offOwner = t.app.events.subscribeOwner(userId, (e) => record(e.env));
  const job = longJob(1.5);
  const { id } = await client.schedule.create.mutate({ ...job, startTime: "2026-01-05T06:00:00Z" });
  const offJob = t.app.events.subscribe(id, (env) => env.event.type === "progress" && record(env));
  const off = () => {
    offOwner();
    offJob();
  };
  // The row says completed first; the event follows (after any held progress update).
  await nextEvent(t, id, "completed");
  const done = await client.schedule.get.query({ id });
  off();
  assertEquals(done.status, "completed", done.error ?? "");
  seen.sort((a, b) => Number(a.env.id) - Number(b.env.id));
  const types = seen.map((s) => s.env.event.type);
  assertEquals(types[0], "queued");
  assertEquals(types[1], "started");
  assertEquals(types.at(-1), "completed");
  assert(types.slice(2, -1).every((x) => x === "progress"), types.join(","));
  assert(types.includes("progress"));
  const progress = seen.filter((s) => s.env.event.type === "progress");
  // Spacing as the job published them (its elapsed time, whole ms), not as a loaded machine
  // happened to deliver them.
  const elapsed = progress.map((p) => (p.env.event as { elapsedMs: number }).elapsedMs);
  for (let i = 1; i < elapsed.length; i++) {
    const gap = elapsed[i]! - elapsed[i - 1]!;
    assert(gap >= 99, `progress events ${gap} ms apart`);
  }
  for (const p of progress) {
    const e = p.env.event as Extract<JobEventEnvelope["event"], { type: "progress" }>;
    assert(e.percent >= 0 && e.percent <= 100 && typeof e.message === "string");
  }
  assertEquals(await seen[0]!.dbStatus, "queued");
  assertEquals(await seen.find((s) => s.env.event.type === "started")!.dbStatus, "running");
  assertEquals(await seen.at(-1)!.dbStatus, "completed");
  const last = seen.at(-1)!.env.event;
  assert(last.type === "completed" && last.kpis?.makespanHours === done.kpis?.makespanHours);
});

Deno.test("jobs: per-user running limit, cancel running and queued, worker replaced", async () => {
  await using t = await startTestApp({ config: { workers: 2, maxJobsPerUser: 1 } });
  const a = await t.signUp();
  const b = await t.signUp();
  const job = longJob(20);
  const a1 = await a.client.schedule.create.mutate(job);
  const a2 = await a.client.schedule.create.mutate(job);
  await nextEvent(t, a1.id, "started");
  const b1 = await b.client.schedule.create.mutate(job);
  await nextEvent(t, b1.id, "started");
  const snap = t.app.jobs.snapshot();
  assertEquals(snap.running.map((j) => j.id).sort(), [a1.id, b1.id].sort());
  assertEquals(snap.queued.map((j) => j.id), [a2.id]);
  assertEquals(snap.queued[0]!.ownerId, a.userId);
  assertEquals((await a.client.schedule.get.query({ id: a2.id })).status, "queued");

  // Cancelling the running job frees A's slot: the queued one starts.
  const cancelled = await a.client.schedule.cancel.mutate({ id: a1.id });
  assertEquals(cancelled.status, "cancelled");
  await nextEvent(t, a2.id, "started");
  assertEquals((await a.client.schedule.get.query({ id: a1.id })).status, "cancelled");
  // Cancelling a queued job never runs it.
  const a3 = await a.client.schedule.create.mutate(job);
  assertEquals((await a.client.schedule.cancel.mutate({ id: a3.id })).status, "cancelled");
  assertEquals(t.app.events.history(a3.id).map((e) => e.event.type), ["queued", "cancelled"]);
  // Cancelling an ended job changes nothing.
  assertEquals((await a.client.schedule.cancel.mutate({ id: a1.id })).status, "cancelled");
  await a.client.schedule.cancel.mutate({ id: a2.id });
  // Deleting a running job stops it too.
  await b.client.schedule.delete.mutate({ id: b1.id });
  assertEquals(t.app.events.history(b1.id), []);
  assertEquals(t.app.jobs.snapshot().running.length, 0);
  // The terminated workers are replaced: a new job still completes.
  const small = await a.client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
  const done = await pollUntil(() => a.client.schedule.get.query({ id: small.id }));
  assertEquals(done.status, "completed");
});

Deno.test("jobs: a queued and a running job survive a restart and complete", async () => {
  const first = await startTestApp({ config: { workers: 1 } });
  const dbUrl = first.dbUrl;
  try {
    const { token } = await first.signUp();
    const client = first.client(token);
    const running = await client.schedule.create.mutate(longJob(30));
    const queued = await client.schedule.create.mutate({ csv: CSV, strategy: "lpt" });
    await nextEvent(first, running.id, "started");
    assertEquals((await client.schedule.get.query({ id: queued.id })).status, "queued");
    await first.stop();

    await using second = await startTestApp({ dbUrl, config: { workers: 1 } });
    const c2 = second.client(token);
    // The long one is cancelled now to keep the test short; the queued one must complete.
    const snap = second.app.jobs.snapshot();
    assertEquals(
      [...snap.running, ...snap.queued].map((j) => j.id).sort(),
      [running.id, queued.id].sort(),
    );
    await c2.schedule.cancel.mutate({ id: running.id });
    const done = await pollUntil(() => c2.schedule.get.query({ id: queued.id }));
    assertEquals(done.status, "completed");
    assertEquals(done.strategy, "lpt-pack");
  } finally {
    await first[Symbol.asyncDispose]();
  }
});

Deno.test("jobs: health answers promptly while 4 long jobs run", async () => {
  await using t = await startTestApp({ config: { workers: 4, maxJobsPerUser: 4 } });
  const { client } = await t.signUp();
  const job = longJob(20);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await client.schedule.create.mutate(job)).id);
  await Promise.all(ids.map((id) => nextEvent(t, id, "started")));
  // Let the workers get into their search.
  await new Promise((r) => setTimeout(r, 300));
  const anon = t.client();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const h = await anon.health.query();
    const ms = performance.now() - t0;
    assertEquals(h.status, "ok");
    assert(ms < 500, `health took ${ms.toFixed(0)} ms`);
  }
  assertEquals(t.app.jobs.snapshot().running.length, 4);
  for (const id of ids) await client.schedule.cancel.mutate({ id });
});

Deno.test("jobs: a run that fails in the worker, or cannot be read, ends failed with its reason", async () => {
  const first = await startTestApp({ config: { workers: 1 } });
  const dbUrl = first.dbUrl;
  try {
    const { token } = await first.signUp();
    const c1 = first.client(token);
    const blocker = await c1.schedule.create.mutate(longJob(20));
    await nextEvent(first, blocker.id, "started");
    const badLots = await c1.schedule.create.mutate({ csv: CSV, strategy: "spt" });
    const unreadable = await c1.schedule.create.mutate({ csv: CSV, strategy: "spt" });
    await first.stop();
    // Stored rows changed behind the service's back while it was down: lots the engine
    // rejects, and a config that is not JSON.
    const db = await openDb({ url: dbUrl });
    await db.updateTable("schedules")
      .set({ lots_json: JSON.stringify([{ id: "A", type: "T", vials: -1 }]) })
      .where("id", "=", badLots.id).execute();
    await db.updateTable("schedules").set({ config_json: "{not json" })
      .where("id", "=", unreadable.id).execute();
    await db.destroy();

    await using t = await startTestApp({ dbUrl, config: { workers: 1 } });
    const client = t.client(token);
    await client.schedule.cancel.mutate({ id: blocker.id });
    const failed = await pollUntil(() => client.schedule.get.query({ id: badLots.id }));
    assertEquals(failed.status, "failed");
    assert(failed.error?.includes("Vials"), failed.error ?? "");
    const failedEvent = await nextEvent(t, badLots.id, "failed");
    assert(failedEvent.event.type === "failed" && failedEvent.event.error === failed.error);
    await nextEvent(t, unreadable.id, "failed");
    const row = await t.app.db.selectFrom("schedules").select(["status", "error"])
      .where("id", "=", unreadable.id).executeTakeFirstOrThrow();
    assertEquals(row.status, "failed");
    assert(!row.error?.includes("JSON"), row.error ?? "");
    assertEquals(t.app.jobs.snapshot().queued.length, 0);
  } finally {
    await first[Symbol.asyncDispose]();
  }
});

Deno.test("jobs: a finished job's events leave memory after the history TTL", async () => {
  await using t = await startTestApp({ config: { eventHistoryTtlMs: 50 } });
  const { client } = await t.signUp();
  const { id } = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
  await nextEvent(t, id, "completed");
  assert(t.app.events.history(id).length >= 3);
  await new Promise((r) => setTimeout(r, 80));
  // The bus prunes when another job ends.
  const other = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
  await nextEvent(t, other.id, "completed");
  assertEquals(t.app.events.history(id), []);
  // The job itself is still there.
  assertEquals((await client.schedule.get.query({ id })).status, "completed");
});
