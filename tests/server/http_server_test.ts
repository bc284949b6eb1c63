import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { startTestApp } from "../_helpers/test_app.ts";

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
