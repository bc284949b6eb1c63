import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { SignJWT } from "jose";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";

Deno.test("auth: register, login, me; roles; bad password; forged and expired tokens", async (t) => {
  await using app = await startTestApp({ config: { adminEmail: "boss@example.com" } });
  const anon = app.client();

  await t.step("the first user is admin, later ones are users", async () => {
    const first = await anon.auth.register.mutate({
      email: "First@Example.com",
      password: "pa55word!",
    });
    assertEquals(first.user.email, "first@example.com");
    assertEquals(first.user.role, "admin");
    const second = await anon.auth.register.mutate({
      email: "second@example.com",
      password: "pa55word!",
    });
    assertEquals(second.user.role, "user");
    const boss = await anon.auth.register.mutate({
      email: "boss@example.com",
      password: "pa55word!",
    });
    assertEquals(boss.user.role, "admin");
  });

  await t.step("a taken email is a CONFLICT", async () => {
    const e = await trpcError(
      () => anon.auth.register.mutate({ email: "second@example.com", password: "whatever1" }),
    );
    assertEquals(e.data?.code, "CONFLICT");
  });

  await t.step("bad input lists every issue with its field", async () => {
    const e = await trpcError(
      () => anon.auth.register.mutate({ email: "nope", password: "short" }),
    );
    assertEquals(e.data?.code, "BAD_REQUEST");
    const fields = (e.data?.issues ?? []).map((i) => i.field).sort();
    assertEquals(fields, ["email", "password"]);
    assert(typeof e.data?.requestId === "string");
    assertEquals("stack" in (e.data ?? {}), false);
  });

  await t.step("login gives a token that `me` accepts", async () => {
    const { token, user } = await anon.auth.login.mutate({
      email: "SECOND@example.com",
      password: "pa55word!",
    });
    const me = await app.client(token).auth.me.query();
    assertEquals(me.id, user.id);
    assertEquals(me.email, "second@example.com");
  });

  await t.step("wrong password and unknown email give the same UNAUTHORIZED", async () => {
    const wrong = await trpcError(
      () => anon.auth.login.mutate({ email: "second@example.com", password: "not-it-123" }),
    );
    const unknown = await trpcError(
      () => anon.auth.login.mutate({ email: "ghost@example.com", password: "not-it-123" }),
    );
    assertEquals(wrong.data?.code, "UNAUTHORIZED");
    assertEquals(unknown.data?.code, "UNAUTHORIZED");
    assertEquals(wrong.message, unknown.message);
  });

  await t.step("no token, a forged token and an expired token are UNAUTHORIZED", async () => {
    const { token, user } = await anon.auth.login.mutate({
      email: "second@example.com",
      password: "pa55word!",
    });
    const [h, p] = token.split(".");
    const forgedSig = `${h}.${p}.${"A".repeat(43)}`;
    const otherKey = await new SignJWT({ role: "admin" }).setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id).setExpirationTime("1h").sign(new TextEncoder().encode("x".repeat(32)));
    const expired = await new SignJWT({ role: "user" }).setProtectedHeader({ alg: "HS256" })
      .setSubject(user.id).setIssuedAt(1_000).setExpirationTime(2_000)
      .sign(new TextEncoder().encode("test-secret-0123456789abcdef"));
    for (const bad of [undefined, "garbage", forgedSig, otherKey, expired]) {
      const e = await trpcError(() => app.client(bad).auth.me.query());
      assertEquals(e.data?.code, "UNAUTHORIZED", `token ${bad}`);
    }
  });
});

Deno.test("health answers without a token and reports the database and the queue", async () => {
  await using app = await startTestApp();
  const h = await app.client().health.query();
  assertEquals(h.status, "ok");
  assertEquals(h.database, true);
  assertEquals(h.queue, { kind: "local", ok: true, queued: 0, running: 0 });
  assertEquals(h.version, app.app.config.version);
});
