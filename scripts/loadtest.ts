/**
 * `deno task loadtest [--clients 50] [--lots FILE,...] [--strategy S] [--subscribers 1000]
 * [--soak-minutes 0] [--max-seconds 600] [--poll-ms 250]`: a real server on 127.0.0.1 (loopback
 * only, its own temp database) in this process, under load from typed clients in a child process
 * (`loadtest_clients.ts`, which describes the phases and prints the figures), bounded in count and
 * time. This process answers the clients' `@measure` requests: its RSS and live JS memory (heap and
 * external) after a forced GC, and the database size. At the end it prints how late its event loop ran (a timer every 10 ms) and the
 * machine's load average: latencies with a busy loop are the server's work, with an idle loop and
 * a high load they are the machine's.
 */
import { parseArgs } from "node:util";
import { statSync } from "node:fs";
import { sql } from "kysely";
import { createApp } from "../src/server/app.ts";
import { loadServerConfig, quietLogger } from "../src/server/env.ts";
import { startServer } from "../src/server/http_server.ts";
import { wsAttachment } from "../src/server/ws_server.ts";
import { LOADTEST_OPTIONS, LOADTEST_USAGE, PER_SOCKET } from "./_loadtest_options.ts";

const { values: v } = parseArgs({ args: Deno.args, options: LOADTEST_OPTIONS });
if (v.help) {
  console.log(LOADTEST_USAGE);
  Deno.exit(0);
}
const gc = (globalThis as { gc?: () => void }).gc;

const dir = await Deno.makeTempDir({ prefix: "fillsched_load_" });
const dbFile = `${dir}/load.db`;
const app = await createApp(loadServerConfig(Deno.env.toObject(), {
  // Loopback only: the load never leaves this machine.
  host: "127.0.0.1",
  port: 0,
  dbUrl: `file:${dbFile}`,
  jwtSecret: "loadtest-secret-0123456789abcdef",
  env: "test",
  logger: quietLogger,
  maxJobsPerUser: 4,
  authAttemptsPerAddress: 1_000_000,
  boundBudgetMs: 0,
}));
const server = await startServer(app, {
  attach: [
    wsAttachment({ maxPerUser: Math.max(10, Math.ceil(Number(v.subscribers) / PER_SOCKET)) }),
  ],
});

const dbBytes = () =>
  [dbFile, `${dbFile}-wal`].reduce((n, f) => {
    try {
      return n + statSync(f).size;
    } catch {
      return n;
    }
  }, 0);

/** RSS after a forced GC and the database size once the WAL is folded in, as in service. */
async function measure(): Promise<{ rss: number; heap: number; db: number }> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(app.db);
  gc?.();
  const m = Deno.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external, db: dbBytes() };
}

/** How late a 10 ms timer fires, ms: time the server's thread was busy or not scheduled. */
const LAG_TICK_MS = 10;
const lags: number[] = [];
let lastTick = performance.now();
const lagTimer = setInterval(() => {
  const now = performance.now();
  lags.push(Math.max(0, now - lastTick - LAG_TICK_MS));
  lastTick = now;
}, LAG_TICK_MS);
const loadBefore = Deno.loadavg()[0];

let code = 1;
try {
  const serverInfo = { workers: app.config.workers, forcedGc: gc !== undefined };
  const clients = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./loadtest_clients.ts", import.meta.url).pathname,
      ...Deno.args,
      `--url=${server.url}`,
      `--server-info=${JSON.stringify(serverInfo)}`,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const answers = clients.stdin.getWriter();
  const encoder = new TextEncoder();
  let pending = "";
  for await (const chunk of clients.stdout.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    for (let nl = pending.indexOf("\n"); nl >= 0; nl = pending.indexOf("\n")) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line === "@measure") {
        await answers.write(encoder.encode(`${JSON.stringify(await measure())}\n`));
      } else console.log(line);
    }
  }
  if (pending) console.log(pending);
  await answers.close().catch(() => {});
  code = (await clients.status).code;
  clearInterval(lagTimer);
  lags.sort((a, b) => a - b);
  const at = (p: number) => +(lags[Math.floor(p * (lags.length - 1))] ?? 0).toFixed(1);
  console.log(JSON.stringify({
    serverEventLoopLagMs: { p50: at(0.5), p99: at(0.99), max: at(1) },
    loadAverage1m: { start: loadBefore, end: Deno.loadavg()[0] },
    cores: navigator.hardwareConcurrency,
  }));
} finally {
  clearInterval(lagTimer);
  await server.close();
  await app.close();
  await Deno.remove(dir, { recursive: true });
}
Deno.exit(code);
