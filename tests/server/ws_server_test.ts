import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { startTestApp } from "../_helpers/test_app.ts";
import {
  collect,
  insertJobRow,
  liveClient,
  publish,
  rawClient,
  until,
  wsUrl,
} from "../_helpers/ws_client.ts";
import { loadServerConfig } from "../../src/server/env.ts";
import type { LiveEvent } from "../../src/server/routers/job_progress.ts";
import {
  attachWs,
  CLOSE_GOING_AWAY,
  CLOSE_TOO_MANY,
  wsAttachment,
} from "../../src/server/ws_server.ts";

type Tracked = { id: string; data: LiveEvent };

Deno.test("FILLSCHED_WS_* configure the live transport", () => {
  const d = loadServerConfig({});
  assertEquals([d.wsPingMs, d.wsPongWaitMs, d.wsMaxPerUser], [30_000, 10_000, 10]);
  const c = loadServerConfig({
    FILLSCHED_WS_PING_MS: "500",
    FILLSCHED_WS_PONG_WAIT_MS: "200",
    FILLSCHED_WS_MAX_PER_USER: "3",
  });
  assertEquals([c.wsPingMs, c.wsPongWaitMs, c.wsMaxPerUser], [500, 200, 3]);
  let msg = "";
  try {
    loadServerConfig({ FILLSCHED_WS_MAX_PER_USER: "0" });
  } catch (e) {
    msg = String(e);
  }
  ok(msg.includes("FILLSCHED_WS_MAX_PER_USER"), msg);
});

Deno.test("attachWs takes the per-user cap from the app's config", async () => {
  await using t = await startTestApp({ attach: [attachWs], config: { wsMaxPerUser: 1 } });
  const { token, userId } = await t.signUp();
  const first = rawClient(`${wsUrl(t.url)}/?token=${token}`);
  try {
    await first.opened;
    await until(() => t.app.events.live.openFor(userId) === 1, "the first connection");
    const second = rawClient(`${wsUrl(t.url)}/?token=${token}`);
    assertEquals((await second.closed).code, CLOSE_TOO_MANY);
  } finally {
    await first.close();
  }
});

Deno.test("a dropped socket is resumed by the client with lastEventId, without gaps or repeats", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, userId } = await t.signUp();
  const jobId = await insertJobRow(t.app, userId);
  const progress = (percent: number) => ({
    type: "progress" as const,
    phase: "improving" as const,
    percent,
    elapsedMs: percent,
    message: `${percent}%`,
  });
  publish(t.app, jobId, userId, { type: "queued" });
  publish(t.app, jobId, userId, { type: "started" });
  await using c = liveClient(t.url, token, { lazy: false });
  const s = collect<Tracked>((h) => c.trpc.schedule.progress.subscribe({ id: jobId }, h));
  await s.atLeast(2);
  const before = t.app.events.stats().jobListeners;
  assertEquals(before, 1);
  c.socket()?.close();
  await until(() => t.app.events.stats().jobListeners === 0, "the old subscription to end");
  // Published while the client is away: it must get these from the history.
  publish(t.app, jobId, userId, progress(30));
  publish(t.app, jobId, userId, progress(60));
  await s.atLeast(4);
  publish(t.app, jobId, userId, { type: "completed", kpis: null, bound: null });
  assertEquals(await s.ended, { ok: true });
  assertEquals(s.items.map((e) => e.id), ["1", "2", "3", "4", "5"]);
  assertEquals(s.items.map((e) => e.data.type), [
    "queued",
    "started",
    "progress",
    "progress",
    "completed",
  ]);
});

Deno.test("shutdown: reconnect notice, every socket closed with a reason, no new upgrades", async () => {
  const t = await startTestApp({ attach: [wsAttachment()] });
  try {
    const { token, userId } = await t.signUp();
    const raw = rawClient(`${wsUrl(t.url)}/?token=${token}`);
    await using c = liveClient(t.url, token);
    const s = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
    await raw.opened;
    await until(() => t.app.events.live.openFor(userId) === 2, "two connections");
    await until(() => t.app.events.stats().ownerListeners === 1, "the subscription");
    const stopping = t.server.close();
    // Upgrades are refused from the moment shutdown begins (503, so the socket never opens).
    const late = rawClient(`${wsUrl(t.url)}/?token=${token}`);
    let lateOpened = false;
    let status = 0;
    late.socket.once("open", () => (lateOpened = true));
    late.socket.once("unexpected-response", (_req, res) => {
      status = res.statusCode ?? 0;
      late.socket.terminate();
    });
    assertEquals((await late.closed).code, 1006);
    assertEquals([lateOpened, status], [false, 503]);
    const closed = await raw.closed;
    assertEquals(closed.code, CLOSE_GOING_AWAY);
    assertEquals(closed.reason, "server shutting down");
    ok(raw.messages.some((m) => JSON.parse(m).method === "reconnect"), raw.messages.join());
    await stopping;
    assertEquals(t.app.events.stats().ownerListeners, 0);
    assertEquals(t.app.events.live.snapshot().connections, 0);
    s.unsubscribe();
  } finally {
    await t.stop();
  }
});
