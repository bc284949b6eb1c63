import { deepStrictEqual as assertEquals, match as assertMatch, ok } from "node:assert/strict";
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
import { CLOSE_TOO_MANY, wsAttachment } from "../../src/server/ws_server.ts";

Deno.test("the 11th connection of a user is refused with 4429; the first ten keep receiving", async () => {
  await using t = await startTestApp({ attach: [wsAttachment({ maxPerUser: 10 })] });
  const { token, userId } = await t.signUp();
  const live = t.app.events.live;
  const clients = Array.from({ length: 10 }, () => liveClient(t.url, token));
  try {
    const subs = clients.map((c) =>
      collect<{ data: { jobId: string; type: string } }>((h) =>
        c.trpc.events.mine.subscribe(undefined, h)
      )
    );
    await until(() => live.snapshot().subscriptions["events.mine"] === 10, "10 subscriptions");
    assertEquals(live.openFor(userId), 10);

    // Token in the URL: counted when the socket opens.
    const byUrl = rawClient(`${wsUrl(t.url)}/?token=${token}`);
    const refused = await byUrl.closed;
    assertEquals(refused.code, CLOSE_TOO_MANY);
    assertMatch(refused.reason, /too many connections.*max 10/);

    // Token in connectionParams: counted when the first message arrives.
    const byParams = rawClient(`${wsUrl(t.url)}/?connectionParams=1`);
    await byParams.opened;
    byParams.socket.send(JSON.stringify({ method: "connectionParams", data: { token } }));
    assertEquals((await byParams.closed).code, CLOSE_TOO_MANY);

    assertEquals(live.openFor(userId), 10);
    assertEquals(live.snapshot().refused, 2);

    const jobId = await insertJobRow(t.app, userId);
    publish(t.app, jobId, userId, { type: "queued" });
    await Promise.all(subs.map((s) => s.atLeast(1)));
    for (const s of subs) {
      assertEquals(s.items[0]?.data, { ...s.items[0]?.data, jobId, type: "queued" });
    }

    // Another user is not affected by the first one's cap.
    const other = await t.signUp();
    await using c = liveClient(t.url, other.token);
    const theirs = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
    await until(() => live.openFor(other.userId) === 1, "the other user's connection");
    theirs.unsubscribe();
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});

Deno.test("closing a connection ends its subscriptions and frees its slot", async () => {
  await using t = await startTestApp({ attach: [wsAttachment({ maxPerUser: 1 })] });
  const { token, userId } = await t.signUp();
  const live = t.app.events.live;
  const first = liveClient(t.url, token);
  const sub = collect((h) => first.trpc.events.mine.subscribe(undefined, h));
  await until(() => live.snapshot().subscriptions["events.mine"] === 1, "a subscription");
  assertEquals(live.openFor(userId), 1);
  assertEquals(t.app.events.stats().ownerListeners, 1);

  // While the slot is held a second socket is refused…
  const second = rawClient(`${wsUrl(t.url)}/?token=${token}`);
  assertEquals((await second.closed).code, CLOSE_TOO_MANY);

  await first.close();
  await sub.ended;
  await until(() => live.openFor(userId) === 0, "the slot to be freed");
  await until(() => t.app.events.stats().ownerListeners === 0, "the listener to be removed");
  assertEquals(live.snapshot().subscriptions["events.mine"], undefined);

  // …and accepted once it is free.
  await using again = liveClient(t.url, token);
  const sub2 = collect<{ data: { type: string } }>((h) =>
    again.trpc.events.mine.subscribe(undefined, h)
  );
  await until(() => live.openFor(userId) === 1, "the new connection");
  await until(() => t.app.events.stats().ownerListeners === 1, "the new listener");
  const jobId = await insertJobRow(t.app, userId);
  publish(t.app, jobId, userId, { type: "started" });
  await sub2.atLeast(1);
  assertEquals(sub2.items[0]?.data.type, "started");
  sub2.unsubscribe();
});

Deno.test("a peer that stops answering pings is dropped; one that answers stays", async () => {
  await using t = await startTestApp({
    attach: [wsAttachment({ pingMs: 50, pongWaitMs: 100 })],
  });
  const { token, userId } = await t.signUp();
  const live = t.app.events.live;
  const deaf = rawClient(`${wsUrl(t.url)}/?token=${token}`, { autoPong: false });
  const healthy = rawClient(`${wsUrl(t.url)}/?token=${token}`);
  try {
    await Promise.all([deaf.opened, healthy.opened]);
    await until(() => live.openFor(userId) === 2, "two connections");
    const gone = await deaf.closed;
    // Terminated, not closed politely: no close frame, so 1006.
    assertEquals(gone.code, 1006);
    await until(() => live.openFor(userId) === 1, "the dead peer's slot to be freed");
    assertEquals(live.snapshot().droppedDead, 1);
    // The healthy one has been pinged several times by now and is still open.
    ok(healthy.socket.readyState === healthy.socket.OPEN);
  } finally {
    await Promise.all([deaf.close(), healthy.close()]);
  }
});
