import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { startTestApp } from "../_helpers/test_app.ts";
import { rawClient } from "../_helpers/ws_client.ts";
import { attachWs } from "../../src/server/ws_server.ts";

Deno.test("startServer.close lets a request in flight finish, then refuses new ones", async () => {
  const t = await startTestApp();
  try {
    // Close as soon as the request has arrived; registering hashes with scrypt, so it is
    // still being handled then.
    const arrived = new Promise<void>((r) => t.server.httpServer.once("request", () => r()));
    const pending = t.client().auth.register.mutate({
      email: "late@example.com",
      password: "pa55word-late",
    });
    await arrived;
    const closing = t.server.close();
    const session = await pending;
    assertEquals(session.user.email, "late@example.com");
    await closing;
    const refused = await fetch(`${t.url}/health`).then(() => false, () => true);
    assert(refused);
  } finally {
    await t[Symbol.asyncDispose]();
  }
});

Deno.test("the API answers under /trpc only; other paths and WebSocket upgrades elsewhere 404", async () => {
  await using t = await startTestApp({ attach: [attachWs] });
  const api = await fetch(`${t.url}/trpc/health`);
  assertEquals(api.status, 200);
  assertEquals((await api.json()).result.data.json.status, "ok");
  const root = await fetch(`${t.url}/health`);
  assertEquals(root.status, 404);
  await root.body?.cancel();
  const elsewhere = rawClient(`ws://127.0.0.1:${t.server.port}/`);
  const opened = await Promise.race([
    elsewhere.opened.then(() => true),
    new Promise<boolean>((r) => elsewhere.socket.once("error", () => r(false))),
  ]);
  assertEquals(opened, false);
  await elsewhere.close();
});
