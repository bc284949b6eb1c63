/**
 * `deno task watch --id ID [--compare] [--url URL] [--token T | --email E --password P]`:
 * follows one job live over WebSocket and draws a progress bar (phase, incumbent, gap); ends
 * with the final KPIs and bound. Exit 0 when the job completed, 1 when it failed or was
 * cancelled or the server refused us, 2 on a usage error.
 * Defaults: --url from FILLSCHED_URL (else http://127.0.0.1:8080), --token from FILLSCHED_TOKEN.
 */
import { parseArgs } from "node:util";
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  TRPCClientError,
  wsLink,
} from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/server/routers/_app.ts";
import { apiUrl, wsApiUrl } from "../src/server/api_path.ts";
import type { LiveEvent } from "../src/server/routers/job_progress.ts";

/** Parsed command line of `watch`. */
export interface WatchOptions {
  readonly id: string;
  readonly compare: boolean;
  readonly url: string;
  readonly token?: string | undefined;
  readonly email?: string | undefined;
  readonly password?: string | undefined;
}

/** Where `watch` writes; `tty` redraws one line in place instead of printing each update. */
export interface WatchOutput {
  write(text: string): void;
  readonly tty: boolean;
}

const USAGE = "usage: deno task watch --id ID [--compare] [--url URL] " +
  "[--token TOKEN | --email EMAIL --password PASSWORD]";

/** Reads the command line; throws a RangeError with the usage on misuse. */
export function parseWatchArgs(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
): WatchOptions {
  let v;
  try {
    v = parseArgs({
      args: [...args],
      strict: true,
      options: {
        id: { type: "string" },
        compare: { type: "boolean", default: false },
        url: { type: "string" },
        token: { type: "string" },
        email: { type: "string" },
        password: { type: "string" },
      },
    }).values;
  } catch (e) {
    throw new RangeError(`${(e as Error).message}\n${USAGE}`);
  }
  if (!v.id) throw new RangeError(`--id is required\n${USAGE}`);
  if ((v.email === undefined) !== (v.password === undefined)) {
    throw new RangeError(`--email and --password go together\n${USAGE}`);
  }
  const token = v.token ?? (v.email === undefined ? env.FILLSCHED_TOKEN : undefined);
  if (!token && v.email === undefined) {
    throw new RangeError(`give --token (or FILLSCHED_TOKEN) or --email and --password\n${USAGE}`);
  }
  return {
    id: v.id,
    compare: v.compare ?? false,
    url: (v.url ?? env.FILLSCHED_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, ""),
    token,
    email: v.email,
    password: v.password,
  };
}

const fmt = (x: number | undefined, digits = 2) => x === undefined ? "–" : x.toFixed(digits);

/** One progress line: bar, percent, phase, incumbent, bound, gap, ETA, message. */
export function progressLine(e: Extract<LiveEvent, { type: "progress" }>, width = 24): string {
  const pct = Math.max(0, Math.min(100, e.overallPercent ?? e.percent));
  const full = Math.round((pct / 100) * width);
  const bar = `[${"#".repeat(full)}${".".repeat(width - full)}]`;
  const parts = [
    `${bar} ${pct.toFixed(1).padStart(5)}%`,
    e.strategy === undefined ? e.phase : `${e.strategy} ${e.percent.toFixed(0)}% ${e.phase}`,
    `incumbent ${fmt(e.incumbentHours)} h`,
    `gap ${e.gapPct === undefined ? "–" : `${fmt(e.gapPct)}%`}`,
  ];
  if (e.etaMs !== undefined) parts.push(`eta ${(e.etaMs / 1000).toFixed(1)} s`);
  parts.push(e.message);
  return parts.join("  ");
}

/** The closing report of a completed job. */
export function finalReport(e: Extract<LiveEvent, { type: "completed" }>): string {
  const k = e.kpis, b = e.bound;
  const lines = ["completed"];
  if (k) {
    lines.push(
      `  makespan     ${fmt(k.makespanHours)} h`,
      `  fill         ${fmt(k.fillHours)} h   cleans ${k.cleans} (${fmt(k.cleanHours)} h)` +
        `   changeovers ${fmt(k.changeoverHours)} h`,
      `  lots         ${k.lots}   utilisation ${fmt(k.utilization * 100, 1)}%`,
    );
  }
  if (b) {
    lines.push(
      `  lower bound  ${fmt(b.lowerBoundHours)} h (${b.method})   gap ${fmt(b.gapPct)}%` +
        (b.provenOptimal ? "   proven optimal" : ""),
    );
  }
  return lines.join("\n") + "\n";
}

/** Follows the job and returns the exit code. */
export async function watch(opts: WatchOptions, out: WatchOutput): Promise<number> {
  const http = (token?: string) =>
    httpBatchLink({
      url: apiUrl(opts.url),
      transformer: superjson,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  let token = opts.token;
  if (!token) {
    const anon = createTRPCClient<AppRouter>({ links: [http()] });
    token = (await anon.auth.login.mutate({ email: opts.email!, password: opts.password! })).token;
  }
  let refused: string | null = null;
  let stop: (() => void) | null = null;
  const ws = createWSClient({
    url: wsApiUrl(opts.url),
    connectionParams: { token },
    onClose: (cause) => {
      const c = cause as { code?: number; reason?: string } | undefined;
      // 4xxx: the server refused us (cap, auth); reconnecting would not help.
      if (c?.code !== undefined && c.code >= 4000 && c.code < 5000) {
        refused = `server closed the connection (${c.code}${c.reason ? `: ${c.reason}` : ""})`;
        stop?.();
      }
    },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws, transformer: superjson }),
        false: http(token),
      }),
    ],
  });
  let lineOpen = false;
  const status = (text: string) => {
    out.write(`${lineOpen ? "\n" : ""}${text}\n`);
    lineOpen = false;
  };
  try {
    return await new Promise<number>((resolve) => {
      const handlers = {
        onData: ({ data: e }: { id: string; data: LiveEvent }) => {
          if (e.type === "progress") {
            if (out.tty) {
              out.write(`\r\x1b[2K${progressLine(e)}`);
              lineOpen = true;
            } else out.write(`${progressLine(e)}\n`);
          } else if (e.type === "completed") {
            status(finalReport(e).trimEnd());
          } else if (e.type === "failed") {
            status(`failed: ${e.error}`);
          } else status(e.type);
          if (e.type === "failed" || e.type === "cancelled") resolve(1);
          if (e.type === "completed") resolve(0);
        },
        onError: (err: unknown) => {
          const code = err instanceof TRPCClientError ? ` (${err.data?.code ?? "error"})` : "";
          status(`watch: ${(err as Error).message}${code}`);
          resolve(1);
        },
        // The server ends the stream right after the final event, which resolved already.
        onComplete: () => resolve(1),
      };
      const input = { id: opts.id };
      const sub = opts.compare
        ? client.compare.progress.subscribe(input, handlers)
        : client.schedule.progress.subscribe(input, handlers);
      stop = () => {
        status(`watch: ${refused}`);
        resolve(1);
        sub.unsubscribe();
      };
    });
  } finally {
    await ws.close();
  }
}

/** The `--help` text. */
export const HELP = `${USAGE}

Follows one schedule (or, with --compare, one comparison) live over WebSocket: a progress bar
with phase, incumbent and gap, then the final KPIs and bound.
  --id ID             the job to follow (from schedule.create / compare.create)
  --compare           the id is a comparison
  --url URL           server address (default FILLSCHED_URL, else http://127.0.0.1:8080)
  --token TOKEN       bearer token (default FILLSCHED_TOKEN)
  --email E --password P   log in instead of giving a token
Exit 0 when the job completed, 1 when it failed or was cancelled, 2 on a usage error.`;

if (import.meta.main) {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(HELP);
    Deno.exit(0);
  }
  let opts: WatchOptions;
  try {
    opts = parseWatchArgs(Deno.args, Deno.env.toObject());
  } catch (e) {
    console.error(`watch: ${(e as Error).message}`);
    Deno.exit(2);
  }
  const enc = new TextEncoder();
  try {
    Deno.exit(
      await watch(opts, {
        tty: Deno.stdout.isTerminal(),
        write: (t) => void Deno.stdout.writeSync(enc.encode(t)),
      }),
    );
  } catch (e) {
    console.error(`watch: ${e instanceof Error ? e.message : String(e)}`);
    Deno.exit(1);
  }
}
