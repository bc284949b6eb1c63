import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type IncomingHttpHeaders, request } from "node:http";
import { createTRPCClient, createWSClient, httpBatchStreamLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import { findJobStamp } from "../../src/db/jobs.ts";
import { findScheduleView } from "../../src/db/schedules.ts";
import { stampOf } from "../../src/server/services/kept_views.ts";
import type { AppRouter } from "../../src/server/routers/_app.ts";
import { wsAttachment } from "../../src/server/ws_server.ts";
import { repoPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";
import { wsUrl } from "../_helpers/ws_client.ts";

const CSV = Deno.readTextFileSync(repoPath("bench/public/bimodal_n100_t4.csv"));

Deno.test("schedule.get answers the stored view from its kept JSON until the row changes, over HTTP and WebSocket, for its owner only", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const owner = await t.signUp();
  const other = await t.signUp();
  const { id } = await owner.client.schedule.create.mutate({ csv: CSV, strategy: "smart" });
  const done = await pollUntil(() => owner.client.schedule.get.query({ id }));
  assertEquals(done.status, "completed", done.error ?? "");
  assert(t.app.views.bytes > 0, "the finished view is kept");

  // What the database holds, decoded afresh, is what every read answers.
  const stored = JSON.parse(JSON.stringify(await findScheduleView(t.app.db, owner.userId, id)));
  assertEquals(await owner.client.schedule.get.query({ id }), stored);
  assertEquals(done, stored);
  assert(stored.activities.length > 100 && stored.kpis.blocks.length > 0);

  const ws = createWSClient({ url: wsUrl(t.url), connectionParams: { token: owner.token } });
  try {
    const overWs = createTRPCClient<AppRouter>({
      links: [wsLink({ client: ws, transformer: superjson })],
    });
    assertEquals(await overWs.schedule.get.query({ id }), stored);
    assertEquals((await overWs.schedule.list.query({})).total, 1);
  } finally {
    await ws.close();
  }

  // A client reading answers as a JSON-lines batch stream gets them whole too.
  const streamed = createTRPCClient<AppRouter>({
    links: [httpBatchStreamLink({
      url: t.apiUrl,
      transformer: superjson,
      headers: { authorization: `Bearer ${owner.token}` },
    })],
  });
  const [a, b] = await Promise.all([
    streamed.schedule.get.query({ id }),
    streamed.schedule.list.query({}),
  ]);
  assertEquals(a, stored);
  assertEquals(b.total, 1);
  // tRPC answers that batch as JSON lines (head, then one line per settled value), which the
  // handler reads whole and frames with its length alone: Node's strict parser reads it too.
  const api = new URL(t.apiUrl).pathname.replace(/\/$/, "");
  const input = encodeURIComponent(JSON.stringify({ 0: { json: { id } }, 1: { json: {} } }));
  const jsonl = await nodeGet(
    new URL(`${api}/schedule.get,schedule.list?batch=1&input=${input}`, t.url),
    {
      authorization: `Bearer ${owner.token}`,
      "trpc-accept": "application/jsonl",
    },
  );
  assertEquals(jsonl.headers["transfer-encoding"], undefined);
  assertEquals(
    Number(jsonl.headers["content-length"]),
    new TextEncoder().encode(jsonl.body).byteLength,
  );
  const lines = jsonl.body.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert(lines.length > 3, `JSON lines: ${lines.length}`);
  assertEquals(Object.keys(lines[0].json), ["0", "1"]);
  assert(!jsonl.body.includes("\\u0000raw:"), "no placeholder is left");

  // Kept or not, another user does not see it.
  const refused = await trpcError(() => other.client.schedule.get.query({ id }));
  assertEquals(refused.data?.code, "NOT_FOUND");

  // Lists show the KPIs without their per-block figures.
  const { items } = await owner.client.schedule.list.query({});
  const { blocks: _blocks, ...summary } = stored.kpis;
  assertEquals(items[0]?.kpis, summary);

  // A change to the row is seen at once: a queued job read, then cancelled, reads cancelled.
  const queued = await owner.client.schedule.create.mutate({ csv: CSV, strategy: "opt-pack" });
  const before = await owner.client.schedule.get.query({ id: queued.id });
  assert(before.status === "queued" || before.status === "running");
  await owner.client.schedule.cancel.mutate({ id: queued.id });
  assertEquals((await owner.client.schedule.get.query({ id: queued.id })).status, "cancelled");
  await owner.client.schedule.delete.mutate({ id: queued.id });

  await owner.client.schedule.delete.mutate({ id });
  assertEquals(t.app.views.bytes, 0);
  const gone = await trpcError(() => owner.client.schedule.get.query({ id }));
  assertEquals(gone.data?.code, "NOT_FOUND");
});

Deno.test("a schedule's view is kept as it completes, rendered by its worker: the stored view decoded afresh, in the run's time zone and calendar", async () => {
  await using t = await startTestApp();
  const owner = await t.signUp();
  const { id } = await owner.client.schedule.create.mutate({
    csv: CSV,
    strategy: "smart",
    config: {
      timeZone: "America/New_York",
      startTime: "2026-03-07 18:00",
      calendar: [{ start: "2026-03-08 01:00", end: "2026-03-08 05:00", reason: "DST night" }],
    },
  });
  // Waits on the row, not on get: a get would keep the view itself.
  const kept = await pollUntil(async () => {
    const stamp = await findJobStamp(t.app.db, "schedules", owner.userId, id);
    const bytes = stamp && t.app.views.get(id, stampOf(stamp));
    return { status: bytes ? "kept" : stamp?.status ?? "gone", bytes };
  }, {
    until: (v) => v.status !== "queued" && v.status !== "running" && v.status !== "completed",
    timeoutMs: 20_000,
  });
  assertEquals(kept.status, "kept");
  const stored = JSON.parse(JSON.stringify(await findScheduleView(t.app.db, owner.userId, id)));
  assertEquals(JSON.parse(new TextDecoder().decode(kept.bytes!)), stored);
  assert(stored.activities.length > 100 && stored.downtimes.length === 1);
  // Instants on both sides of the spring-forward change carry their own offsets.
  const offsets = new Set(stored.activities.map((a: { start: string }) => a.start.slice(-6)));
  assertEquals([...offsets].sort(), ["-04:00", "-05:00"]);
  assertEquals(await owner.client.schedule.get.query({ id }), stored);
});

/** A GET through node:http, whose parser refuses badly framed answers. */
function nodeGet(
  url: URL,
  headers: Record<string, string>,
): Promise<{ headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => body += d);
      res.on("end", () => resolve({ headers: res.headers, body }));
      res.on("error", reject);
    }).on("error", reject).end();
  });
}
