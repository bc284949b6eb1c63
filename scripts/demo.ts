/**
 * `deno task demo [LOTS.csv]`: a typed tRPC client against a running server (it starts none
 * itself): signs in a demo user, schedules a lots CSV, waits, and reports KPIs and the bound.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/server/routers/_app.ts";
import { apiUrl } from "../src/server/api_path.ts";

export interface DemoOptions {
  /** Base URL of a running server. */
  readonly url: string;
  /** Lots CSV text. */
  readonly csv: string;
  readonly email?: string;
  readonly password?: string;
  readonly strategy?: string;
  /** Where lines go (default console.log). */
  readonly print?: (line: string) => void;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

/** What the demo saw: the finished schedule's id, status, KPIs and bound. */
export interface DemoResult {
  readonly id: string;
  readonly status: string;
  readonly makespanHours: number | null;
  readonly lowerBoundHours: number | null;
}

/** Runs the demo against `opts.url`; throws with a clear message if the server cannot be reached. */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const print = opts.print ?? console.log;
  const email = opts.email ?? "demo@example.com";
  const password = opts.password ?? "demo-password-1";
  const anon = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: apiUrl(opts.url), transformer: superjson })],
  });
  const health = await anon.health.query().catch((e) => {
    throw new Error(`cannot reach ${opts.url} (is \`deno task start\` running?): ${e.message}`);
  });
  print(`server ${opts.url}: ${health.status}, version ${health.version}`);
  let session;
  try {
    session = await anon.auth.login.mutate({ email, password });
    print(`logged in as ${session.user.email}`);
  } catch (e) {
    if (!(e instanceof TRPCClientError) || e.data?.code !== "UNAUTHORIZED") throw e;
    session = await anon.auth.register.mutate({ email, password });
    print(`registered ${session.user.email} (${session.user.role})`);
  }
  const client = createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: apiUrl(opts.url),
        transformer: superjson,
        headers: { authorization: `Bearer ${session.token}` },
      }),
    ],
  });
  const { id } = await client.schedule.create.mutate({
    csv: opts.csv,
    name: "demo",
    ...(opts.strategy ? { strategy: opts.strategy } : {}),
  });
  print(`schedule ${id} queued`);
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  let s = await client.schedule.get.query({ id });
  let last = s.status;
  while (s.status === "queued" || s.status === "running") {
    if (Date.now() > deadline) throw new Error(`schedule ${id} still ${s.status} at the deadline`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
    s = await client.schedule.get.query({ id });
    if (s.status !== last) print(`schedule ${id} ${(last = s.status)}`);
  }
  if (s.status !== "completed" || !s.kpis || !s.bound) {
    throw new Error(`schedule ${id} ${s.status}${s.error ? `: ${s.error}` : ""}`);
  }
  const k = s.kpis, b = s.bound;
  print(`strategy        ${s.strategy}`);
  print(`start           ${s.startAt}`);
  print(`makespan        ${k.makespanHours.toFixed(2)} h`);
  print(
    `fill            ${k.fillHours.toFixed(2)} h  (utilisation ${
      (k.utilization * 100).toFixed(1)
    } %)`,
  );
  print(`cleans          ${k.cleans} (${k.cleanHours.toFixed(2)} h)`);
  print(`changeovers     ${k.changeoverHours.toFixed(2)} h`);
  print(`lower bound     ${b.lowerBoundHours.toFixed(2)} h (${b.method})`);
  print(`gap             ${b.gapPct.toFixed(2)} %${b.provenOptimal ? "  proven optimal" : ""}`);
  return {
    id,
    status: s.status,
    makespanHours: k.makespanHours,
    lowerBoundHours: b.lowerBoundHours,
  };
}

if (import.meta.main) {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(`Usage: deno task demo [LOTS.csv]

A typed tRPC client against a running server (it starts none itself): logs in or registers a
demo user, schedules LOTS.csv (default examples/lots.csv), waits for the run and prints the
KPIs and the lower bound. FILLSCHED_URL sets the server (default http://127.0.0.1:8080).`);
    Deno.exit(0);
  }
  const url = Deno.env.get("FILLSCHED_URL") ?? "http://127.0.0.1:8080";
  const file = Deno.args[0] ?? new URL("../examples/lots.csv", import.meta.url);
  try {
    await runDemo({ url, csv: await Deno.readTextFile(file) });
  } catch (e) {
    console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
