import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { loadServerConfig, quietLogger, type ServerConfig } from "../../src/server/env.ts";
import { resolveJwtSecret } from "../../src/server/services/jwt_secret.ts";
import { hashPassword, verifyPassword } from "../../src/server/services/auth.ts";
import { tokenOf } from "../../src/server/context.ts";
import type { IncomingMessage } from "node:http";

Deno.test("loadServerConfig: defaults, values, and one error naming every bad variable", () => {
  const d = loadServerConfig({ PATH: "/bin", FILLSCHED_PORT: "" });
  assertEquals(d.host, "127.0.0.1");
  assertEquals(d.port, 8080);
  assertEquals(d.dbUrl, "file:data/fillscheduler.db");
  assertEquals(d.maxJobsPerUser, 4);
  assertEquals(d.maxLots, 20_000);
  assertEquals(d.env, "development");
  assert(d.workers >= 1);
  const c = loadServerConfig({
    FILLSCHED_HOST: "0.0.0.0",
    FILLSCHED_PORT: "9000",
    FILLSCHED_DB_URL: "libsql://db.example.com",
    FILLSCHED_DB_AUTH_TOKEN: "tok",
    FILLSCHED_WORKERS: "3",
    FILLSCHED_MAX_JOBS_PER_USER: "2",
    FILLSCHED_MAX_LOTS: "100",
    FILLSCHED_MAX_BODY_BYTES: "2048",
    FILLSCHED_JWT_TTL: "30m",
    FILLSCHED_ADMIN_EMAIL: "boss@example.com",
  });
  assertEquals(
    [c.host, c.port, c.dbUrl, c.dbAuthToken, c.workers, c.maxJobsPerUser, c.maxLots],
    ["0.0.0.0", 9000, "libsql://db.example.com", "tok", 3, 2, 100],
  );
  assertEquals([c.maxBodyBytes, c.jwtTtl, c.adminEmail], [2048, "30m", "boss@example.com"]);
  throws(
    () =>
      loadServerConfig({ FILLSCHED_PORT: "x", FILLSCHED_WORKERS: "0", FILLSCHED_JWT_TTL: "soon" }),
    (e: Error) =>
      e instanceof RangeError && /FILLSCHED_PORT/.test(e.message) &&
      /FILLSCHED_WORKERS/.test(e.message) && /FILLSCHED_JWT_TTL/.test(e.message),
  );
});

Deno.test("resolveJwtSecret: given, generated beside the database (0600, reused), refused in production", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const warnings: string[] = [];
    const base: ServerConfig = {
      ...loadServerConfig({}),
      dbUrl: `file:${dir}/sub/app.db`,
      logger: { ...quietLogger, warn: (m) => warnings.push(m) },
    };
    assertEquals(
      resolveJwtSecret({ ...base, jwtSecret: "given-secret-0123456789" }),
      "given-secret-0123456789",
    );
    const s1 = resolveJwtSecret(base);
    assert(s1.length >= 32);
    const file = `${dir}/sub/app.db.jwt-secret`;
    assertEquals(Deno.statSync(file).mode! & 0o777, 0o600);
    assertEquals(resolveJwtSecret(base), s1);
    assertEquals(warnings.length, 1);
    throws(() => resolveJwtSecret({ ...base, env: "production" }), /FILLSCHED_JWT_SECRET/);
    const remote = resolveJwtSecret({ ...base, dbUrl: "libsql://x.example.com" });
    assert(remote.length >= 32 && remote !== s1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("passwords: scrypt hashes are salted and verify only the right password", async () => {
  const h1 = await hashPassword("secret one");
  const h2 = await hashPassword("secret one");
  assert(h1.startsWith("scrypt$32768$8$1$"));
  assert(h1 !== h2);
  assert(await verifyPassword("secret one", h1));
  assert(!(await verifyPassword("secret two", h1)));
  assert(!(await verifyPassword("secret one", "md5$abc")));
});

Deno.test("tokenOf: bearer header, WS connectionParams, ?token= only on upgrades", () => {
  const req = (headers: Record<string, string>, url = "/") =>
    ({ headers, url }) as unknown as IncomingMessage;
  assertEquals(tokenOf({ req: req({ authorization: "Bearer abc" }) }), "abc");
  assertEquals(tokenOf({ req: req({ authorization: "Basic abc" }) }), null);
  assertEquals(
    tokenOf({ req: req({}), info: { connectionParams: { token: "ws-tok" } } }),
    "ws-tok",
  );
  assertEquals(tokenOf({ req: req({ upgrade: "websocket" }, "/?token=q") }), "q");
  assertEquals(tokenOf({ req: req({}, "/?token=q") }), null);
});
