import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { startTestApp } from "../_helpers/test_app.ts";

Deno.test("startServer.close lets a request in flight finish, then refuses new ones", async () => {
  const t = await startTestApp();
  try {
    // Registering hashes with scrypt, so the request is still running when close() starts.
    const pending = t.client().auth.register.mutate({
      email: "late@example.com",
      password: "pa55word-late",
    });
    await new Promise((r) => setTimeout(r, 20));
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
