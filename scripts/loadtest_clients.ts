/**
 * The clients of `deno task loadtest`, in a process of their own so that their work (building
 * requests, parsing answers) does not compete with the server's thread and inflate its latencies.
 * `scripts/loadtest.ts` starts it with the server's URL; it asks the server process for memory and
 * database figures with a `@measure` line on stdout and reads the answer from stdin.
 *
 * 1. jobs: N clients register, each creates one schedule on a 500-lot file, then reads
 *    (schedule.get of its job, schedule.list) until every job has ended. Each client starts
 *    reading at a random point of the poll interval and pauses 50–150 % of it between reads, as
 *    independent users drift apart; `--lockstep` makes all read at once, every interval (the
 *    worst case: each read waits for the whole burst);
 * 2. fan-out: one job watched by M subscribers (20 per socket) that must all receive `completed`;
 * 3. soak (with --soak-minutes): create, watch, get, delete in a loop; the server's RSS after a
 *    forced GC and the database size are sampled after warm-up and at the end.
 *
 * Prints throughput, p50/p99 latency and errors per procedure, as a table and as JSON.
 */
import { parseArgs } from "node:util";
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/server/routers/_app.ts";
import { wsApiUrl } from "../src/server/api_path.ts";
import { LOADTEST_OPTIONS, PER_SOCKET } from "./_loadtest_options.ts";
import { random } from "./_random.ts";

const { values: v } = parseArgs({
  args: Deno.args,
  options: {
    ...LOADTEST_OPTIONS,
    url: { type: "string" },
    "server-info": { type: "string", default: "{}" },
  },
});
const URL_ = v.url!;
const CLIENTS = Number(v.clients);
const SUBSCRIBERS = Number(v.subscribers);
const SOAK_MS = Number(v["soak-minutes"]) * 60_000;
const DEADLINE = performance.now() + Number(v["max-seconds"]) * 1000;
const POLL_MS = Number(v["poll-ms"]);
const LOCKSTEP = v.lockstep === true;
const jitter = random(20261202);
/** A client's pause before its next read, ms (see phase 1). */
const pause = (): number => LOCKSTEP ? POLL_MS : POLL_MS * (0.5 + jitter());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const csvs = v.lots!.split(",").map((f) => Deno.readTextFileSync(f));

type Client = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Latencies and errors per procedure. */
const stats = new Map<string, { ms: number[]; errors: number }>();
async function timed<T>(name: string, call: () => Promise<T>): Promise<T | undefined> {
  const s = stats.get(name) ?? { ms: [], errors: 0 };
  stats.set(name, s);
  const t0 = performance.now();
  try {
    const r = await call();
    s.ms.push(performance.now() - t0);
    return r;
  } catch {
    s.errors++;
    return undefined;
  }
}
function pct(ms: number[], p: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}
function outOfTime(): boolean {
  return performance.now() > DEADLINE;
}

/** The server process's RSS after a forced GC and its database size, in bytes. */
async function measure(): Promise<{ rss: number; heap: number; db: number }> {
  console.log("@measure");
  // Read stdin only when asked: a pending read would keep this process alive at the end.
  const buf = new Uint8Array(4096);
  const decoder = new TextDecoder();
  let line = "";
  while (!line.includes("\n")) {
    const n = await Deno.stdin.read(buf);
    if (n === null) throw new Error("the server process closed its answers");
    line += decoder.decode(buf.subarray(0, n));
  }
  return JSON.parse(line);
}

const wsClients: ReturnType<typeof createWSClient>[] = [];
const report: Record<string, unknown> = {
  clients: CLIENTS,
  strategy: v.strategy,
  reads: LOCKSTEP ? `all at once every ${POLL_MS} ms` : `every ${POLL_MS} ms ±50 %, staggered`,
  server: JSON.parse(v["server-info"]!),
};
const http = (token?: string) =>
  httpBatchLink({
    url: `${URL_}/trpc`,
    transformer: superjson,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
const liveClient = (token: string): Client => {
  const ws = createWSClient({ url: wsApiUrl(URL_), connectionParams: { token } });
  wsClients.push(ws);
  return createTRPCClient<AppRouter>({
    links: [splitLink({
      condition: (op) => op.type === "subscription",
      true: wsLink({ client: ws, transformer: superjson }),
      false: http(token),
    })],
  });
};

try {
  // Phase 1: N clients, one 500-lot job each, reads while they run.
  const anon = createTRPCClient<AppRouter>({ links: [http()] });
  const users: Client[] = [];
  // A burst of sign-ups meets the password-hash gate: like a real client, retry after its delay.
  await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
    for (let attempt = 0; attempt < 20 && !outOfTime(); attempt++) {
      const s = await timed("auth.register", () =>
        anon.auth.register.mutate({
          email: `load${i}@example.com`,
          password: "correct horse battery",
        }));
      if (s) return users.push(createTRPCClient<AppRouter>({ links: [http(s.token)] }));
      await sleep(1000);
    }
  }));
  const t0 = performance.now();
  const ids = await Promise.all(
    users.map((c, i) =>
      timed(
        "schedule.create",
        () => c.schedule.create.mutate({ csv: csvs[i % csvs.length]!, strategy: v.strategy }),
      )
    ),
  );
  const open = new Set(users.map((_, i) => i).filter((i) => ids[i]));
  await Promise.all(users.map(async (c, i) => {
    const id = ids[i]?.id;
    if (!id) return;
    if (!LOCKSTEP) await sleep(POLL_MS * jitter());
    while (open.has(i) && !outOfTime()) {
      const s = await timed("schedule.get", () => c.schedule.get.query({ id }));
      await timed("schedule.list", () => c.schedule.list.query({ pageSize: 20 }));
      if (s && s.status !== "queued" && s.status !== "running") open.delete(i);
      await sleep(pause());
    }
  }));
  const jobsMs = performance.now() - t0;
  report.jobs = {
    created: ids.filter(Boolean).length,
    unfinished: open.size,
    seconds: +(jobsMs / 1000).toFixed(1),
    jobsPerMinute: +(ids.filter(Boolean).length / (jobsMs / 60_000)).toFixed(1),
  };

  // Phase 2: one job, many subscribers over sockets of 20 subscriptions each.
  if (SUBSCRIBERS > 0 && !outOfTime()) {
    const { token } = await anon.auth.register.mutate({
      email: "watcher@example.com",
      password: "correct horse battery",
    });
    const sockets = Math.ceil(SUBSCRIBERS / PER_SOCKET);
    const watchers = Array.from({ length: sockets }, () => liveClient(token));
    const job = await watchers[0]!.schedule.create.mutate({ csv: csvs[0]!, strategy: v.strategy });
    let completed = 0, failed = 0;
    const t1 = performance.now();
    await Promise.all(Array.from({ length: SUBSCRIBERS }, (_, i) =>
      new Promise<void>((resolve) => {
        watchers[Math.floor(i / PER_SOCKET)]!.schedule.progress.subscribe({ id: job.id }, {
          onData: ({ data }) => {
            if (data.type === "completed") completed++;
          },
          onError: () => {
            failed++;
            resolve();
          },
          onComplete: resolve,
        });
      })));
    report.fanout = {
      subscribers: SUBSCRIBERS,
      sockets,
      receivedCompleted: completed,
      errors: failed,
      seconds: +((performance.now() - t1) / 1000).toFixed(1),
    };
  }

  // Phase 3: soak — create, watch, get, delete; RSS and DB size after warm-up and at the end.
  if (SOAK_MS > 0 && !outOfTime()) {
    const { token } = await anon.auth.register.mutate({
      email: "soak@example.com",
      password: "correct horse battery",
    });
    const c = liveClient(token);
    const cycle = async () => {
      const job = await timed(
        "schedule.create",
        () => c.schedule.create.mutate({ csv: csvs[1 % csvs.length]!, strategy: "spt-pack" }),
      );
      if (!job) return;
      await new Promise<void>((resolve) =>
        c.schedule.progress.subscribe({ id: job.id }, {
          onError: () => resolve(),
          onComplete: () => resolve(),
        })
      );
      await timed("schedule.get", () => c.schedule.get.query({ id: job.id }));
      await timed("schedule.delete", () => c.schedule.delete.mutate({ id: job.id }));
    };
    const warmEnd = performance.now() + Math.min(60_000, SOAK_MS / 5);
    while (performance.now() < warmEnd && !outOfTime()) await cycle();
    const warm = await measure();
    const soakEnd = performance.now() + SOAK_MS;
    let cycles = 0;
    while (performance.now() < soakEnd && !outOfTime()) {
      await cycle();
      cycles++;
    }
    const end = await measure();
    report.soak = {
      minutes: SOAK_MS / 60_000,
      cycles,
      rssAfterWarmupMB: +(warm.rss / 2 ** 20).toFixed(1),
      rssEndMB: +(end.rss / 2 ** 20).toFixed(1),
      rssChangePct: +((end.rss / warm.rss - 1) * 100).toFixed(1),
      // What the program holds, without the pages the allocator keeps after a collection.
      heapAfterWarmupMB: +(warm.heap / 2 ** 20).toFixed(1),
      heapEndMB: +(end.heap / 2 ** 20).toFixed(1),
      dbAfterWarmupKB: Math.round(warm.db / 1024),
      dbEndKB: Math.round(end.db / 1024),
    };
  }

  const procedures: Record<string, unknown> = {};
  for (const [name, s] of [...stats].sort()) {
    procedures[name] = {
      calls: s.ms.length + s.errors,
      errors: s.errors,
      p50ms: +pct(s.ms, 0.5).toFixed(1),
      p99ms: +pct(s.ms, 0.99).toFixed(1),
    };
  }
  report.procedures = procedures;
  report.timedOut = outOfTime();
  console.log("procedure           calls  errors   p50 ms   p99 ms");
  for (const [name, p] of Object.entries(procedures) as [string, Record<string, number>][]) {
    console.log(
      `${name.padEnd(18)} ${String(p.calls).padStart(6)} ${String(p.errors).padStart(7)} ${
        String(p.p50ms).padStart(8)
      } ${String(p.p99ms).padStart(8)}`,
    );
  }
  console.log(JSON.stringify(report, null, 2));
} finally {
  await Promise.all(wsClients.map((c) => c.close()));
}
