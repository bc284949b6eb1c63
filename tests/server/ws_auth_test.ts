import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { TRPCClientError } from "@trpc/client";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";
import { collect, liveClient, rawClient, until, wsUrl } from "../_helpers/ws_client.ts";
import { CLOSE_UNAUTHORIZED, wsAttachment } from "../../src/server/ws_server.ts";

function codeOf(e: unknown): string | undefined {
  return e instanceof TRPCClientError ? e.data?.code : undefined;
}

Deno.test("a subscription without a token fails UNAUTHORIZED and the socket is closed", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  await using c = liveClient(t.url);
  const sub = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
  const end = await sub.ended;
  assertEquals(end.ok, false);
  if (!end.ok) assertEquals(codeOf(end.error), "UNAUTHORIZED");
  assertEquals(await c.closed, CLOSE_UNAUTHORIZED);
  await until(() => t.app.events.live.snapshot().connections === 0, "the socket to be gone");
});

Deno.test("a bad token fails UNAUTHORIZED, in connectionParams and in ?token=", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token } = await t.signUp();
  const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
  for (const inUrl of [false, true]) {
    await using c = liveClient(t.url, forged, { inUrl });
    const sub = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
    const end = await sub.ended;
    ok(!end.ok, `inUrl=${inUrl}: must fail`);
    if (!end.ok) assertEquals(codeOf(end.error), "UNAUTHORIZED");
    assertEquals(await c.closed, CLOSE_UNAUTHORIZED);
  }
  // A raw URL-only client gets the error frame, then the 4401 close.
  const raw = rawClient(`${wsUrl(t.url)}/?token=not-a-jwt`);
  await raw.opened;
  raw.socket.send(JSON.stringify({
    id: 1,
    method: "subscription",
    // superjson on the wire: inputs are `{ json: … }`.
    params: { path: "events.mine", input: { json: null } },
  }));
  const closed = await raw.closed;
  assertEquals(closed.code, CLOSE_UNAUTHORIZED);
  ok(raw.messages.some((m) => m.includes("UNAUTHORIZED")), raw.messages.join("\n"));
});

Deno.test("a valid token works in connectionParams and in ?token=", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, userId } = await t.signUp();
  await using a = liveClient(t.url, token);
  await using b = liveClient(t.url, token, { inUrl: true });
  const sa = collect((h) => a.trpc.events.mine.subscribe(undefined, h));
  const sb = collect((h) => b.trpc.events.mine.subscribe(undefined, h));
  await until(() => t.app.events.live.openFor(userId) === 2, "both sockets to count");
  await until(() => t.app.events.stats().ownerListeners === 2, "both subscriptions");
  sa.unsubscribe();
  sb.unsubscribe();
});

Deno.test("admin.wsStats and admin.jobs are for admins only", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const admin = await t.signUp(); // the first user is admin
  const user = await t.signUp();
  await trpcError(() => user.client.admin.wsStats.query(), "FORBIDDEN");
  await trpcError(() => user.client.admin.jobs.query(), "FORBIDDEN");
  await trpcError(() => t.client().admin.wsStats.query(), "UNAUTHORIZED");

  await using c = liveClient(t.url, user.token);
  const sub = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
  await until(() => t.app.events.stats().ownerListeners === 1, "a subscription");
  const stats = await admin.client.admin.wsStats.query();
  assertEquals(stats.connections, 1);
  assertEquals(stats.perUser, { [user.userId]: 1 });
  assertEquals(stats.subscriptions, { "events.mine": 1 });
  const jobs = await admin.client.admin.jobs.query();
  ok(Array.isArray(jobs.running) && Array.isArray(jobs.queued));
  sub.unsubscribe();
});

Deno.test("FILLSCHED_ADMIN_EMAIL makes a later user admin for admin.wsStats", async () => {
  await using t = await startTestApp({
    attach: [wsAttachment()],
    config: { adminEmail: "Boss@Example.com" },
  });
  await t.signUp(); // first user: admin too
  const boss = await t.signUp("boss@example.com");
  const plain = await t.signUp();
  const stats = await boss.client.admin.wsStats.query();
  assertEquals(stats.connections, 0);
  await trpcError(() => plain.client.admin.wsStats.query(), "FORBIDDEN");
});

Deno.test("a socket that never authenticates is closed 4401 after the auth timeout", async () => {
  await using t = await startTestApp({ attach: [wsAttachment({ authTimeoutMs: 100 })] });
  const { token, userId } = await t.signUp();
  // Announces connectionParams but never sends them.
  const silent = rawClient(`${wsUrl(t.url)}/?connectionParams=1`);
  const authed = rawClient(`${wsUrl(t.url)}/?token=${token}`);
  try {
    const closed = await silent.closed;
    assertEquals(closed.code, CLOSE_UNAUTHORIZED);
    ok(closed.reason.includes("no valid token"), closed.reason);
    await authed.opened;
    await until(() => t.app.events.live.openFor(userId) === 1, "the authenticated socket");
    await new Promise((r) => setTimeout(r, 150));
    ok(authed.socket.readyState === authed.socket.OPEN, "an authenticated socket stays");
  } finally {
    await Promise.all([silent.close(), authed.close()]);
  }
});
