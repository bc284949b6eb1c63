import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { SignJWT, UnsecuredJWT } from "jose";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";
import { TRPCClientError } from "@trpc/client";
import { collect, liveClient, rawClient, until, wsUrl } from "../_helpers/ws_client.ts";
import { CLOSE_UNAUTHORIZED, wsAttachment } from "../../src/server/ws_server.ts";

const SECRET = "test-secret-0123456789abcdef";
const key = new TextEncoder().encode(SECRET);
const PASSWORD = "correct horse battery";

Deno.test("auth: tokens of another algorithm, key, time or version are refused", async () => {
  await using t = await startTestApp();
  const { token, userId, client } = await t.signUp();
  const me = (tok: string) => t.client(tok).auth.me.query();
  assertEquals((await me(token)).id, userId);
  const now = Math.floor(Date.now() / 1000);
  const claims = { role: "admin", ver: 0 };
  const sign = (alg: string, k: Uint8Array, edit: (j: SignJWT) => SignJWT) =>
    edit(new SignJWT(claims).setProtectedHeader({ alg }).setSubject(userId).setIssuedAt())
      .sign(k);
  const refused: Record<string, string> = {
    "alg none": new UnsecuredJWT(claims).setSubject(userId).setIssuedAt().setExpirationTime("1h")
      .encode(),
    "HS512 with the right secret": await sign("HS512", key, (j) => j.setExpirationTime("1h")),
    "a wrong key": await sign("HS256", new TextEncoder().encode("another-secret-0123456789"), (
      j,
    ) => j.setExpirationTime("1h")),
    "expired": await sign("HS256", key, (j) => j.setExpirationTime(now - 60)),
    "not yet valid": await sign("HS256", key, (j) => j.setExpirationTime("2h").setNotBefore("1h")),
    "no expiry": await sign("HS256", key, (j) => j),
    "another token version": await new SignJWT({ role: "user", ver: 7 })
      .setProtectedHeader({ alg: "HS256" }).setSubject(userId).setIssuedAt()
      .setExpirationTime("1h").sign(key),
    "a header that says none over a real signature": token.replace(
      /^[^.]+/,
      btoa(JSON.stringify({ alg: "none", typ: "JWT" })).replace(/=+$/, ""),
    ),
  };
  for (const [why, tok] of Object.entries(refused)) {
    const e = await trpcError(() => me(tok), "UNAUTHORIZED");
    assert(e.message.includes("sign in"), `${why}: ${e.message}`);
  }
  // A deleted user's token stops working.
  await t.app.db.deleteFrom("users").where("id", "=", userId).execute();
  await trpcError(() => client.auth.me.query(), "UNAUTHORIZED");
});

Deno.test("auth: changePassword and logoutAll revoke older tokens; the policy holds", async () => {
  await using t = await startTestApp();
  const email = "change@example.com";
  const first = await t.client().auth.register.mutate({ email, password: PASSWORD });
  const second = await t.client().auth.login.mutate({ email, password: PASSWORD });
  const weak = async (newPassword: string, code: string) => {
    const e = await trpcError(
      () =>
        t.client(first.token).auth.changePassword.mutate({
          currentPassword: PASSWORD,
          newPassword,
        }),
      "BAD_REQUEST",
    );
    assertEquals(e.data?.issues?.map((i) => i.code), [code], e.message);
  };
  await weak("short", "TOO_SMALL");
  await weak(email, "WEAK_PASSWORD");
  await weak("Password123", "WEAK_PASSWORD");
  await weak("aaaaaaaaaaaa", "WEAK_PASSWORD");
  await weak(PASSWORD, "WEAK_PASSWORD");
  const wrong = await trpcError(
    () =>
      t.client(first.token).auth.changePassword.mutate({
        currentPassword: "not the password",
        newPassword: "a new long secret",
      }),
    "UNAUTHORIZED",
  );
  assertEquals(wrong.data?.issues?.[0]?.code, "WRONG_CREDENTIALS");
  const changed = await t.client(first.token).auth.changePassword.mutate({
    currentPassword: PASSWORD,
    newPassword: "a new long secret",
  });
  // Both tokens issued before the change are refused; the new one and the new password work.
  await trpcError(() => t.client(first.token).auth.me.query(), "UNAUTHORIZED");
  await trpcError(() => t.client(second.token).auth.me.query(), "UNAUTHORIZED");
  assertEquals((await t.client(changed.token).auth.me.query()).email, email);
  await trpcError(
    () => t.client().auth.login.mutate({ email, password: PASSWORD }),
    "UNAUTHORIZED",
  );
  const again = await t.client().auth.login.mutate({ email, password: "a new long secret" });
  await t.client(again.token).auth.logoutAll.mutate();
  await trpcError(() => t.client(again.token).auth.me.query(), "UNAUTHORIZED");
  await trpcError(() => t.client(changed.token).auth.me.query(), "UNAUTHORIZED");
  // Register applies the policy too.
  const e = await trpcError(
    () => t.client().auth.register.mutate({ email: "x@example.com", password: "iloveyou" }),
    "BAD_REQUEST",
  );
  assertEquals(e.data?.issues?.[0]?.code, "WEAK_PASSWORD");
});

Deno.test("auth: login is limited per account, register per address; TOO_MANY_REQUESTS with retry-after", async () => {
  await using t = await startTestApp({ config: { loginAttempts: 3, authAttemptsPerAddress: 8 } });
  const email = "limited@example.com";
  await t.client().auth.register.mutate({ email, password: PASSWORD });
  for (let i = 0; i < 3; i++) {
    await trpcError(
      () => t.client().auth.login.mutate({ email, password: "wrong one!" }),
      "UNAUTHORIZED",
    );
  }
  // The right password is refused now too: the account waits out its window.
  const e = await trpcError(
    () => t.client().auth.login.mutate({ email, password: PASSWORD }),
    "TOO_MANY_REQUESTS",
  );
  assertEquals(e.data?.issues?.[0]?.code, "RATE_LIMITED");
  assert((e.data?.retryAfterSec ?? 0) > 0 && (e.data?.retryAfterSec ?? 0) <= 900);
  const res = await fetch(`${t.apiUrl}/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: { email, password: PASSWORD } }),
  });
  assertEquals(res.status, 429);
  assert(Number(res.headers.get("retry-after")) > 0);
  await res.body?.cancel();
  // The address has spent 1 registration + 3 failures; 4 more registrations fill it.
  for (let i = 0; i < 4; i++) {
    await t.client().auth.register.mutate({ email: `r${i}@example.com`, password: PASSWORD });
  }
  const r = await trpcError(
    () => t.client().auth.register.mutate({ email: "r9@example.com", password: PASSWORD }),
    "TOO_MANY_REQUESTS",
  );
  assertEquals(r.data?.issues?.[0]?.code, "RATE_LIMITED");
});

Deno.test("auth: a burst of logins runs at most hashConcurrency hashes; the rest queue or are refused", async () => {
  await using t = await startTestApp({
    config: { hashConcurrency: 2, loginAttempts: 1000, authAttemptsPerAddress: 100_000 },
  });
  const codes = await Promise.all(Array.from({ length: 40 }, async (_, i) => {
    const e = await trpcError(() =>
      t.client().auth.login.mutate({ email: `nobody${i}@example.com`, password: "whatever!!" })
    );
    return `${e.data?.code}/${e.data?.issues?.[0]?.code}`;
  }));
  assert(t.app.auth.hashStats().peak <= 2, JSON.stringify(t.app.auth.hashStats()));
  const kinds = new Set(codes);
  assert(kinds.has("UNAUTHORIZED/WRONG_CREDENTIALS"), [...kinds].join());
  assert(kinds.has("TOO_MANY_REQUESTS/SERVER_BUSY"), [...kinds].join());
  assertEquals(kinds.size, 2, [...kinds].join());
});

Deno.test("ws: an open socket is closed with 4401 when its token expires or is revoked", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()], config: { jwtTtl: "2s" } });
  const short = await t.signUp();
  const expiring = rawClient(`${wsUrl(t.url)}/?token=${short.token}`);
  await expiring.opened;
  const closed = await expiring.closed;
  assertEquals(closed.code, CLOSE_UNAUTHORIZED);
  assert(/expired/.test(closed.reason), closed.reason);
  await using long = await startTestApp({ attach: [wsAttachment()] });
  const u = await long.signUp();
  const revoked = rawClient(`${wsUrl(long.url)}/?token=${u.token}`);
  await revoked.opened;
  await until(() => long.app.events.live.openFor(u.userId) === 1, "the socket to count");
  await u.client.auth.logoutAll.mutate();
  const gone = await revoked.closed;
  assertEquals(gone.code, CLOSE_UNAUTHORIZED);
  assert(/revoked/.test(gone.reason), gone.reason);
});

Deno.test("http: security headers on every answer; CORS closed unless allowed", async () => {
  await using t = await startTestApp({ config: { corsOrigins: ["https://planner.example"] } });
  for (const path of ["/", "/trpc/health", "/trpc/no.such.thing", "/trpc/auth.me", "/nothing"]) {
    const res = await fetch(`${t.url}${path}`);
    await res.body?.cancel();
    assertEquals(res.headers.get("x-content-type-options"), "nosniff", path);
    assertEquals(res.headers.get("x-frame-options"), "DENY", path);
    assert(res.headers.get("content-security-policy")?.includes("frame-ancestors 'none'"), path);
    assertEquals(res.headers.get("access-control-allow-origin"), null, path);
  }
  const evil = await fetch(`${t.apiUrl}/health`, { headers: { origin: "https://evil.example" } });
  assertEquals(evil.status, 403);
  await evil.body?.cancel();
  const pre = await fetch(`${t.apiUrl}/auth.login`, {
    method: "OPTIONS",
    headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
  });
  assertEquals(pre.status, 403);
  await pre.body?.cancel();
  const good = await fetch(`${t.apiUrl}/auth.login`, {
    method: "OPTIONS",
    headers: { origin: "https://planner.example", "access-control-request-method": "POST" },
  });
  assertEquals(good.status, 204);
  assertEquals(good.headers.get("access-control-allow-origin"), "https://planner.example");
  await good.body?.cancel();
  const own = await fetch(`${t.apiUrl}/health`, { headers: { origin: t.url } });
  assertEquals(own.status, 200);
  await own.body?.cancel();
});

Deno.test("inputs: an unknown key is refused naming it; rejections carry stable codes", async () => {
  await using t = await startTestApp();
  const { client } = await t.signUp();
  const csv = "Lot ID,Type,Vials\nA1,VialE,1000\nA1,VialE,2000\nB1,VialH,99999999\n";
  const e = await trpcError(
    () =>
      client.schedule.create.mutate(
        // deno-lint-ignore no-explicit-any
        { csv, strategy: "spt", options: { beamWidth: 3 } } as any,
      ),
    "BAD_REQUEST",
  );
  assertEquals(e.data?.issues, [{
    code: "UNKNOWN_KEY",
    field: "options",
    message: "unknown key: options",
  }]);
  const bad = await trpcError(() => client.schedule.create.mutate({ csv }), "BAD_REQUEST");
  assertEquals(bad.data?.issues?.map((i) => i.code), ["DUPLICATE_LOT_ID", "LOT_TOO_LONG"]);
  const nested = await trpcError(
    // deno-lint-ignore no-explicit-any
    () => client.schedule.create.mutate({ lots: [{ id: "a", type: "t", vials: 1, x: 1 }] } as any),
    "BAD_REQUEST",
  );
  assertEquals(nested.data?.issues?.[0]?.field, "lots.0.x");
  const cfg = await trpcError(
    () => client.schedule.create.mutate({ csv, config: { fillRate: 1 } }),
    "BAD_REQUEST",
  );
  assertEquals(cfg.data?.issues?.[0]?.code, "UNKNOWN_KEY");
});

Deno.test("ws: one socket holds at most wsMaxSubscriptions; the next is TOO_MANY_REQUESTS", async () => {
  await using t = await startTestApp({
    attach: [wsAttachment()],
    config: { wsMaxSubscriptions: 2 },
  });
  const { token } = await t.signUp();
  await using c = liveClient(t.url, token);
  const a = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
  const b = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
  await until(() => t.app.events.live.snapshot().subscriptions["events.mine"] === 2, "two");
  const third = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
  const end = await third.ended;
  assert(!end.ok);
  if (!end.ok) {
    const e = end.error as TRPCClientError<never>;
    assert(e instanceof TRPCClientError);
    const data = e.data as { code?: string; issues?: { code: string }[] } | undefined;
    assertEquals(data?.code, "TOO_MANY_REQUESTS");
    assertEquals(data?.issues?.[0]?.code, "TOO_MANY_SUBSCRIPTIONS");
  }
  // The first two still work, and closing one frees a place.
  a.unsubscribe();
  await until(() => t.app.events.live.snapshot().subscriptions["events.mine"] === 1, "one");
  const d = collect((h) => c.trpc.events.mine.subscribe(undefined, h));
  await until(() => t.app.events.live.snapshot().subscriptions["events.mine"] === 2, "two again");
  b.unsubscribe();
  d.unsubscribe();
});

Deno.test("ws: a message over 1 MiB closes its socket (1009); the server goes on", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token } = await t.signUp();
  const raw = rawClient(`${wsUrl(t.url)}?token=${token}`);
  await raw.opened;
  raw.socket.send("x".repeat(1024 * 1024 + 1));
  assertEquals((await raw.closed).code, 1009);
  assertEquals((await t.client().health.query()).status, "ok");
});
