import { deepStrictEqual as assertEquals, match as assertMatch, ok } from "node:assert/strict";
import { TRPCClientError } from "@trpc/client";
import { benchPath, SEED_LOTS } from "../_helpers/paths.ts";
import { startTestApp } from "../_helpers/test_app.ts";
import { collect, insertJobRow, liveClient } from "../_helpers/ws_client.ts";
import { DEFAULT_CONFIG } from "../../src/engine/mod.ts";
import type { LiveEvent } from "../../src/server/routers/job_progress.ts";
import { wsAttachment } from "../../src/server/ws_server.ts";
import type { Kpis } from "../../src/engine/mod.ts";

/** KPIs as the live stream sends them: without the per-block breakdown. */
function summary(k: Kpis | null | undefined) {
  if (!k) return null;
  const { blocks: _blocks, ...rest } = k;
  return rest;
}
import type { App } from "../../src/server/app.ts";

type Tracked = { id: string; data: LiveEvent };

const seedCsv = await Deno.readTextFile(SEED_LOTS);
const bigCsv = await Deno.readTextFile(benchPath("public/uniform_n5000_t8.csv"));

function codeOf(e: unknown): string | undefined {
  return e instanceof TRPCClientError ? e.data?.code : undefined;
}

function assertIncreasing(items: Tracked[]): void {
  for (let i = 1; i < items.length; i++) {
    ok(Number(items[i]!.id) > Number(items[i - 1]!.id), `ids ${items.map((e) => e.id)}`);
  }
}

/** Watches a job from its first event (`lastEventId: "0"`) to its end. */
async function watchAll(c: ReturnType<typeof liveClient>, id: string): Promise<Tracked[]> {
  const s = collect<Tracked>((h) =>
    c.trpc.schedule.progress.subscribe({ id, lastEventId: "0" }, h)
  );
  const end = await s.ended;
  ok(end.ok, `subscription failed: ${!end.ok && String(end.error)}`);
  return s.items;
}

Deno.test("schedule.progress: in order, increasing ids, ends with completed = schedule.get", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, client } = await t.signUp();
  await using c = liveClient(t.url, token);
  const job = await client.schedule.create.mutate({ csv: bigCsv, strategy: "smart-pack" });
  const s = collect<Tracked>((h) => c.trpc.schedule.progress.subscribe({ id: job.id }, h));
  const end = await s.ended;
  ok(end.ok);
  const types = s.items.map((e) => e.data.type);
  assertEquals(types.slice(0, 2), ["queued", "started"]);
  assertEquals(types.at(-1), "completed");
  ok(types.slice(2, -1).every((x) => x === "progress"), types.join());
  assertIncreasing(s.items);
  for (const e of s.items) assertEquals(e.data.jobId, job.id);
  const last = s.items.at(-1)!.data;
  const stored = await client.schedule.get.query({ id: job.id });
  assertEquals(stored.status, "completed");
  if (last.type !== "completed") throw new Error("unreachable");
  // The live event carries every KPI figure; the per-block breakdown stays in schedule.get.
  ok(stored.kpis && stored.kpis.blocks.length > 0);
  assertEquals(last.kpis, summary(stored.kpis));
  assertEquals(last.bound?.lowerBoundHours, stored.bound?.lowerBoundHours);

  // The whole history: progress carries phase, percent, elapsed time and a message, and the job
  // runner spaces a job's progress events at least 100 ms apart (it always keeps the last).
  const all = await watchAll(c, job.id);
  const progress = all.filter((e) => e.data.type === "progress").map((e) => e.data);
  ok(progress.length >= 2, `expected several progress events, got ${progress.length}`);
  for (const p of progress) {
    if (p.type !== "progress") continue;
    ok(p.percent >= 0 && p.percent <= 100 && p.elapsedMs >= 0 && p.message.length > 0);
  }
  // The engine's last update ("5000 of 5000 lots placed") is never dropped by the rate limit.
  const lastUpdate = progress.at(-1)!;
  ok(lastUpdate.type === "progress" && lastUpdate.percent === 100, JSON.stringify(lastUpdate));
  for (let i = 1; i < progress.length; i++) {
    const gap = Date.parse(progress[i]!.at) - Date.parse(progress[i - 1]!.at);
    ok(gap >= 95, `progress events ${i - 1} and ${i} only ${gap} ms apart`);
  }
});

Deno.test("schedule.progress: late subscribers and lastEventId resumes lose nothing", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, client } = await t.signUp();
  await using c = liveClient(t.url, token);
  const job = await client.schedule.create.mutate({ csv: bigCsv, strategy: "hybrid-pack" });

  // A subscriber that leaves after two events and comes back with the last id it saw.
  const part = collect<Tracked>((h) => c.trpc.schedule.progress.subscribe({ id: job.id }, h));
  await part.atLeast(2);
  part.unsubscribe();
  const seen = part.items.slice(0, 2);
  const all = await watchAll(c, job.id);
  assertIncreasing(all);
  assertEquals(all.map((e) => e.id), all.map((_, i) => String(i + 1)));
  const rest = collect<Tracked>((h) =>
    c.trpc.schedule.progress.subscribe({ id: job.id, lastEventId: seen[1]!.id }, h)
  );
  await rest.ended;
  assertEquals([...seen, ...rest.items], all);

  // Every resume point gives exactly the events after it.
  for (const k of [0, 2, all.length - 1]) {
    const r = collect<Tracked>((h) =>
      c.trpc.schedule.progress.subscribe({ id: job.id, lastEventId: all[k]!.id }, h)
    );
    await r.ended;
    assertEquals(r.items, all.slice(k + 1));
  }

  // A late subscriber gets the current state: every status event and the latest progress.
  const late = collect<Tracked>((h) => c.trpc.schedule.progress.subscribe({ id: job.id }, h));
  await late.ended;
  const lastProgress = all.filter((e) => e.data.type === "progress").at(-1);
  assertEquals(late.items, all.filter((e) => e.data.type !== "progress" || e === lastProgress));
});

Deno.test("schedule.progress after a restart: the stored final state, then the end", async () => {
  // Not `await using`: disposing would delete the database the second server reopens.
  const t = await startTestApp({ attach: [wsAttachment()] });
  const dbUrl = t.dbUrl;
  let final: Tracked;
  try {
    const { token, client } = await t.signUp("restart@example.com");
    await using c = liveClient(t.url, token);
    const job = await client.schedule.create.mutate({ csv: seedCsv, strategy: "smart-pack" });
    final = (await watchAll(c, job.id)).at(-1)!;
  } finally {
    await t.stop();
  }
  await using t2 = await startTestApp({ dbUrl, attach: [wsAttachment()] });
  const { token } = await t2.client().auth.login.mutate({
    email: "restart@example.com",
    password: "correct horse battery",
  });
  await using c2 = liveClient(t2.url, token);
  const s = collect<Tracked>((h) =>
    c2.trpc.schedule.progress.subscribe({ id: final.data.jobId, lastEventId: "7" }, h)
  );
  assertEquals(await s.ended, { ok: true });
  assertEquals(s.items.length, 1);
  const got = s.items[0]!;
  assertEquals(got.id, "8");
  assertEquals(got.data.type, "completed");
  if (got.data.type === "completed" && final.data.type === "completed") {
    assertEquals(got.data.kpis, final.data.kpis);
    assertEquals(got.data.bound, final.data.bound);
  }
  await t2.stop();
  await t.removeDb();
});

Deno.test("schedule.progress of another user's job or an unknown id fails NOT_FOUND", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const alice = await t.signUp();
  const bob = await t.signUp();
  const job = await alice.client.schedule.create.mutate({ csv: seedCsv });
  await using c = liveClient(t.url, bob.token);
  for (const id of [job.id, "no-such-job"]) {
    const s = collect((h) => c.trpc.schedule.progress.subscribe({ id }, h));
    const end = await s.ended;
    ok(!end.ok);
    if (!end.ok) assertEquals(codeOf(end.error), "NOT_FOUND");
    assertEquals(s.items, []);
  }
  const cmp = collect((h) => c.trpc.compare.progress.subscribe({ id: job.id }, h));
  const end = await cmp.ended;
  if (!end.ok) assertEquals(codeOf(end.error), "NOT_FOUND");
  else throw new Error("a schedule id must not be found as a comparison");
});

/** Stores a job whose lot cannot fit any window (as a corrupted or hand-edited row would). */
async function enqueueImpossibleJob(app: App, ownerId: string): Promise<string> {
  const id = await insertJobRow(app, ownerId, "queued", {
    strategy: "given-order",
    lot_count: 1,
    lots_json: JSON.stringify([{ id: "HUGE-1", type: "A", vials: 1e12 }]),
    config_json: JSON.stringify(DEFAULT_CONFIG),
  });
  app.jobs.enqueue({ id, kind: "schedule", ownerId, strategy: "given-order" });
  return id;
}

Deno.test("a failing job yields failed with a clear error, then the stream ends", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, userId } = await t.signUp();
  await using c = liveClient(t.url, token);
  const id = await enqueueImpossibleJob(t.app, userId);
  const all = await watchAll(c, id);
  const last = all.at(-1)!.data;
  assertEquals(last.type, "failed");
  if (last.type === "failed") assertMatch(last.error, /HUGE-1.*window/);
  assertIncreasing(all);
});

Deno.test("cancelling a job yields cancelled, then the stream ends", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, client } = await t.signUp();
  await using c = liveClient(t.url, token);
  // opt-pack searches until its time limit on this size, so the job is surely still running.
  const job = await client.schedule.create.mutate({
    csv: bigCsv,
    strategy: "opt-pack",
    config: { strategyOptions: { "opt-pack": { timeLimitSec: 60 } } },
  });
  const s = collect<Tracked>((h) => c.trpc.schedule.progress.subscribe({ id: job.id }, h));
  await s.atLeast(3); // queued, started, and the run's first progress
  const r = await client.schedule.cancel.mutate({ id: job.id });
  assertEquals(r.status, "cancelled");
  assertEquals(await s.ended, { ok: true });
  assertEquals(s.items.at(-1)?.data.type, "cancelled");
  assertEquals(s.items.filter((e) => e.data.type === "cancelled").length, 1);
  assertIncreasing(s.items);
});

Deno.test("compare.progress: per-strategy progress, an overall percent, the best run's KPIs", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, client } = await t.signUp();
  await using c = liveClient(t.url, token);
  const cmp = await client.compare.create.mutate({
    csv: bigCsv,
    strategies: ["smart-pack", "hybrid-pack"],
  });
  const s = collect<Tracked>((h) =>
    c.trpc.compare.progress.subscribe({ id: cmp.id, lastEventId: "0" }, h)
  );
  assertEquals(await s.ended, { ok: true });
  assertIncreasing(s.items);
  const view = await client.compare.get.query({ id: cmp.id });
  const progress = s.items.map((e) => e.data).filter((e) => e.type === "progress");
  ok(progress.length >= 2);
  let overall = 0;
  for (const p of progress) {
    if (p.type !== "progress") continue;
    ok(p.strategy !== undefined && view.strategies.includes(p.strategy), String(p.strategy));
    ok(p.overallPercent !== undefined && p.overallPercent >= overall, "overall never goes back");
    overall = p.overallPercent;
    ok(p.percent >= 0 && p.percent <= 100);
  }
  assertEquals(overall, 100);
  const last = s.items.at(-1)!.data;
  const best = view.runs.find((r) => r.strategy === view.best);
  if (last.type !== "completed") throw new Error(`ended with ${last.type}`);
  assertEquals(last.kpis, summary(best?.kpis ?? null));
});

Deno.test("events.mine streams the status changes of my jobs only", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const me = await t.signUp();
  const other = await t.signUp();
  await using c = liveClient(t.url, me.token);
  const s = collect<{ id: string; data: { jobId: string; type: string; kind: string } }>((h) =>
    c.trpc.events.mine.subscribe(undefined, h)
  );
  // The subscription is live once the server counts it.
  while (t.app.events.stats().ownerListeners < 1) await new Promise((r) => setTimeout(r, 10));
  const theirs = await other.client.schedule.create.mutate({ csv: seedCsv });
  const mine = await me.client.schedule.create.mutate({ csv: seedCsv });
  await s.atLeast(3);
  s.unsubscribe();
  assertEquals(s.items.slice(0, 3).map(({ data: e }) => [e.jobId, e.kind, e.type]), [
    [mine.id, "schedule", "queued"],
    [mine.id, "schedule", "started"],
    [mine.id, "schedule", "completed"],
  ]);
  ok(s.items.every((e) => e.data.jobId !== theirs.id));
  // Ids increase, and resuming after the first returns the two after it.
  const ids = s.items.map((e) => Number(e.id));
  ok(ids[0]! < ids[1]! && ids[1]! < ids[2]!, String(ids));
  const resumed = collect<{ id: string; data: { jobId: string; type: string } }>((h) =>
    c.trpc.events.mine.subscribe({ lastEventId: s.items[0]!.id }, h)
  );
  await resumed.atLeast(2);
  resumed.unsubscribe();
  assertEquals(resumed.items.slice(0, 2).map((e) => [e.id, e.data.type]), [
    [s.items[1]!.id, "started"],
    [s.items[2]!.id, "completed"],
  ]);
});
