/**
 * `deno task bench:fanout [--subscribers 200] [--sockets N] [--lots FILE] [--strategy S]`:
 * starts a real server on a temp database, lets one user watch one real job with many
 * subscribers over many WebSockets, and reports how long the final event takes to reach
 * them all (from its publication on the bus to its arrival at the last subscriber).
 */
import { parseArgs } from "node:util";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import { createApp } from "../src/server/app.ts";
import { loadServerConfig, quietLogger } from "../src/server/env.ts";
import { startServer } from "../src/server/http_server.ts";
import type { AppRouter } from "../src/server/routers/_app.ts";
import type { LiveEvent } from "../src/server/routers/job_progress.ts";
import { wsAttachment } from "../src/server/ws_server.ts";
import { wsApiUrl } from "../src/server/api_path.ts";

const { values: v } = parseArgs({
  args: Deno.args,
  options: {
    help: { type: "boolean", short: "h" },
    subscribers: { type: "string", default: "200" },
    sockets: { type: "string" },
    lots: {
      type: "string",
      default: new URL("../bench/public/uniform_n5000_t8.csv", import.meta.url).pathname,
    },
    strategy: { type: "string", default: "smart-pack" },
  },
});
if (v.help) {
  console.log(
    "Usage: deno task bench:fanout [--subscribers 200] [--sockets N] [--lots FILE] [--strategy S]",
  );
  Deno.exit(0);
}
const subscribers = Number(v.subscribers);
const sockets = Math.min(subscribers, Number(v.sockets ?? subscribers));
if (!(subscribers >= 1 && sockets >= 1)) {
  throw new RangeError("--subscribers/--sockets must be >= 1");
}

const dir = await Deno.makeTempDir({ prefix: "fillsched_fanout_" });
const app = await createApp(loadServerConfig({}, {
  host: "127.0.0.1",
  port: 0,
  dbUrl: `file:${dir}/bench.db`,
  jwtSecret: "bench-secret-0123456789abcdef",
  env: "test",
  logger: quietLogger,
}));
const server = await startServer(app, { attach: [wsAttachment({ maxPerUser: sockets })] });
const wsClients: ReturnType<typeof createWSClient>[] = [];
try {
  const http = (token?: string) =>
    httpBatchLink({
      url: server.apiUrl,
      transformer: superjson,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const anon = createTRPCClient<AppRouter>({ links: [http()] });
  const { token } = await anon.auth.register.mutate({
    email: "bench@example.com",
    password: "correct horse battery",
  });
  const clients = Array.from({ length: sockets }, () => {
    const ws = createWSClient({
      url: wsApiUrl(server.url),
      connectionParams: { token },
    });
    wsClients.push(ws);
    return createTRPCClient<AppRouter>({
      links: [splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws, transformer: superjson }),
        false: http(token),
      })],
    });
  });
  const owner = clients[0]!;
  const csv = await Deno.readTextFile(v.lots!);
  const t0 = performance.now();
  const job = await owner.schedule.create.mutate({ csv, strategy: v.strategy });

  // The moment the final event is published, and how many subscriptions were live then.
  let publishedAt = 0, liveAtEnd = 0;
  const off = app.events.subscribe(job.id, (e) => {
    if (e.event.type === "completed" || e.event.type === "failed" || e.event.type === "cancelled") {
      publishedAt = performance.now();
      liveAtEnd = app.events.live.snapshot().subscriptions["schedule.progress"] ?? 0;
    }
  });
  const arrivals: number[] = [];
  let events = 0;
  await Promise.all(
    Array.from({ length: subscribers }, (_, i) =>
      new Promise<void>((resolve, reject) => {
        clients[i % sockets]!.schedule.progress.subscribe({ id: job.id }, {
          onData: ({ data }: { data: LiveEvent }) => {
            events++;
            if (data.type === "completed") arrivals.push(performance.now());
          },
          onError: reject,
          onComplete: resolve,
        });
      })),
  );
  off();
  const t1 = performance.now();
  arrivals.sort((a, b) => a - b);
  const lag = arrivals.map((a) => a - publishedAt);
  const q = (p: number) => lag[Math.min(lag.length - 1, Math.floor(p * lag.length))] ?? NaN;
  const result = {
    subscribers,
    sockets,
    lots: v.lots,
    strategy: v.strategy,
    receivedCompleted: arrivals.length,
    liveWhenCompleted: liveAtEnd,
    eventsDelivered: events,
    jobMs: Math.round(t1 - t0),
    fanoutMs: { p50: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +q(1).toFixed(1) },
  };
  console.log(JSON.stringify(result, null, 2));
  if (arrivals.length !== subscribers) {
    console.error(`only ${arrivals.length} of ${subscribers} subscribers got the final event`);
    Deno.exitCode = 1;
  }
} finally {
  await Promise.all(wsClients.map((c) => c.close()));
  await server.close();
  await app.close();
  await Deno.remove(dir, { recursive: true });
}
