/**
 * Fuzzing every tRPC procedure over HTTP and over WebSocket with hostile inputs, signed in (as an
 * admin, so every procedure gets past its guard to its input check). Zero INTERNAL_SERVER_ERROR,
 * zero 5xx, zero hangs (each call must answer within 10 s), and the server still healthy after.
 */
import { ok as assert } from "node:assert/strict";
import fc from "fast-check";
import type { Logger } from "../../src/server/env.ts";
import { appRouter } from "../../src/server/routers/_app.ts";
import { startTestApp, type TestApp } from "../_helpers/test_app.ts";
import { type RawClient, rawClient, wsUrl } from "../_helpers/ws_client.ts";
import { wsAttachment } from "../../src/server/ws_server.ts";
import { fuzzRuns, hostileBytes, hostileString, hostileValue, PROTO_KEYS } from "./_hostile.ts";

const PROCEDURES = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, p]) => ({ path, type: p._def.type }));
/** Would sign the fuzzing user out everywhere; it is called without a token instead. */
const REVOKING = new Set(["auth.logoutAll"]);
const CALL_TIMEOUT_MS = 10_000;

const path = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...PROCEDURES.map((p) => p.path)) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS, "schedule.__proto__", "a,b", "") },
);

/** What goes in the request: a superjson envelope around a hostile value, or raw junk. */
const payload = fc.oneof(
  { weight: 6, arbitrary: hostileValue.map((v) => ({ kind: "json" as const, v: { json: v } })) },
  {
    weight: 1,
    arbitrary: fc.tuple(hostileValue, hostileValue).map(([v, meta]) => ({
      kind: "json" as const,
      v: { json: v, meta },
    })),
  },
  { weight: 1, arbitrary: hostileValue.map((v) => ({ kind: "json" as const, v })) },
  { weight: 1, arbitrary: hostileBytes.map((b) => ({ kind: "bytes" as const, v: b })) },
  { weight: 1, arbitrary: hostileString.map((s) => ({ kind: "text" as const, v: s })) },
);

function bodyOf(p: { kind: "json" | "bytes" | "text"; v: unknown }): BodyInit {
  if (p.kind === "bytes") return p.v as Uint8Array<ArrayBuffer>;
  if (p.kind === "text") return p.v as string;
  return JSON.stringify(p.v) ?? "null";
}

async function fuzzApp(): Promise<{ t: TestApp; token: string; errors: string[] }> {
  const errors: string[] = [];
  const logger: Logger = {
    info: () => {},
    warn: () => {},
    error: (msg, data) => errors.push(`${msg} ${JSON.stringify(data)}`),
  };
  const t = await startTestApp({
    attach: [wsAttachment({ authTimeoutMs: 60_000 })],
    config: {
      logger,
      maxBodyBytes: 2 * 1024 * 1024,
      loginAttempts: 1_000_000,
      authAttemptsPerAddress: 1_000_000,
      wsMaxSubscriptions: 1_000,
      wsMaxPerUser: 1_000,
      maxJobsPerUser: 1,
      workers: 1,
    },
  });
  const { token } = await t.signUp();
  return { t, token, errors };
}

/** Counts cases per procedure path, printed after a full run for the report. */
function tally(): { hit(path: string): void; report(what: string): void } {
  const n = new Map<string, number>();
  return {
    hit: (p) => n.set(p, (n.get(p) ?? 0) + 1),
    report(what) {
      if (!Deno.env.get("FILLSCHED_FUZZ_RUNS")) return;
      const total = [...n.values()].reduce((a, b) => a + b, 0);
      console.log(`${what}: ${total} cases`, JSON.stringify(Object.fromEntries([...n].sort())));
    },
  };
}

/**
 * Percent-encodes `s` for a query string. A lone surrogate has no UTF-8 form (encodeURIComponent
 * throws on it), so it goes as the three invalid bytes a hostile client could send instead.
 */
function queryEscape(s: string): string {
  return s.split(/([\ud800-\udfff])/u).map((part, i) => {
    if (i % 2 === 0) return encodeURIComponent(part);
    const c = part.charCodeAt(0);
    return [0xe0 | c >> 12, 0x80 | (c >> 6 & 0x3f), 0x80 | (c & 0x3f)]
      .map((b) => `%${b.toString(16).toUpperCase()}`).join("");
  }).join("");
}

Deno.test("fuzz: every procedure over HTTP answers hostile input without 5xx or a hang", async () => {
  const { t, token, errors } = await fuzzApp();
  const seen = tally();
  try {
    await fc.assert(
      fc.asyncProperty(path, payload, fc.boolean(), fc.boolean(), async (p, body, post, batch) => {
        seen.hit(p);
        const type = PROCEDURES.find((x) => x.path === p)?.type;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (!REVOKING.has(p)) headers.authorization = `Bearer ${token}`;
        const usePost = type === "mutation" ? true : type === "query" ? false : post;
        let url = `${t.apiUrl}/${encodeURIComponent(p)}${batch ? "?batch=1" : ""}`;
        let init: RequestInit = { method: "POST", headers, body: bodyOf(body) };
        if (!usePost) {
          const input = body.kind === "json"
            ? JSON.stringify(batch ? { 0: body.v } : body.v)
            : String(body.v);
          url += `${batch ? "&" : "?"}input=${queryEscape(input ?? "")}`;
          init = { method: "GET", headers };
        }
        let res: Response;
        let text: string;
        try {
          res = await fetch(url, { ...init, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
          text = await res.text();
        } catch (e) {
          // Node answers a request line over its 16 KiB header limit with 431 and drops the
          // connection, which fetch may report as a broken body: a refusal, not a crash.
          if (url.length > 16_000 && e instanceof TypeError) return;
          throw e;
        }
        assert(res.status < 500, `${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
        assert(!text.includes("INTERNAL_SERVER_ERROR"), `${p}: ${text.slice(0, 300)}`);
      }),
      { numRuns: fuzzRuns(200) },
    );
    seen.report("HTTP");
    const health = await t.client().health.query();
    assert(health.status === "ok");
    assert(errors.length === 0, errors.slice(0, 3).join("\n"));
  } finally {
    await t[Symbol.asyncDispose]();
  }
});

Deno.test("fuzz: every procedure over WebSocket answers hostile input without an internal error", async () => {
  const { t, token, errors } = await fuzzApp();
  const seen = tally();
  let socket: RawClient | null = null;
  const open = async () => {
    if (socket && socket.socket.readyState === socket.socket.OPEN) return socket;
    socket = rawClient(`${wsUrl(t.url)}?token=${token}`);
    await Promise.race([socket.opened, socket.closed]);
    return socket;
  };
  let id = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        path,
        payload,
        fc.constantFrom("query", "mutation", "subscription", "nonsense"),
        async (p, body, method) => {
          if (REVOKING.has(p)) return;
          seen.hit(p);
          const ws = await open();
          const before = ws.messages.length;
          const myId = ++id;
          const frame = body.kind === "json"
            ? JSON.stringify({ id: myId, method, params: { path: p, input: body.v } })
            : body.v;
          ws.socket.send(frame as string | Uint8Array);
          // A probe after each frame: the server must still answer (no hang, no dead socket).
          const probe = ++id;
          if (ws.socket.readyState === ws.socket.OPEN) {
            ws.socket.send(
              JSON.stringify({
                id: probe,
                method: "query",
                params: { path: "health", input: { json: null } },
              }),
            );
          }
          const deadline = Date.now() + CALL_TIMEOUT_MS;
          const answered = () => ws.messages.slice(before).some((m) => m.includes(`"id":${probe}`));
          while (!answered() && ws.socket.readyState === ws.socket.OPEN) {
            assert(
              Date.now() < deadline,
              `${p} (${method}): no answer within ${CALL_TIMEOUT_MS} ms`,
            );
            await new Promise((r) => setTimeout(r, 2));
          }
          const got = ws.messages.slice(before).join("\n");
          assert(!got.includes("INTERNAL_SERVER_ERROR"), `${p} (${method}): ${got.slice(0, 300)}`);
          if (method === "subscription" && ws.socket.readyState === ws.socket.OPEN) {
            ws.socket.send(JSON.stringify({ id: myId, method: "subscription.stop" }));
          }
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
    seen.report("WebSocket");
    assert((await t.client().health.query()).status === "ok");
    assert(errors.length === 0, errors.slice(0, 3).join("\n"));
  } finally {
    await (socket as RawClient | null)?.close();
    await t[Symbol.asyncDispose]();
  }
});
