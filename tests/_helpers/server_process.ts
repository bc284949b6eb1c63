/** The real server (`src/server/main.ts`) as a child process, for tests that kill or restart it. */
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../../src/server/routers/_app.ts";
import { repoPath } from "./paths.ts";

const MAIN = repoPath("src/server/main.ts");

/** A server process: its address once it listens, and the drained output. */
export interface ServerProcess {
  readonly child: Deno.ChildProcess;
  /** Resolves with `http://127.0.0.1:PORT` once the server listens. */
  readonly url: Promise<string>;
  /** Resolves when its output ends (after it exits). */
  readonly drained: Promise<void>;
  /** Ends it with `signal` (SIGKILL for a crash) and waits for it. */
  stop(signal?: Deno.Signal): Promise<void>;
}

/** Starts the server on a free port with these FILLSCHED_* settings. */
export function serveProcess(env: Record<string, string>): ServerProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { FILLSCHED_PORT: "0", FILLSCHED_BOUND_BUDGET_MS: "0", ...env },
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const url = (async () => {
    let text = "";
    for (;;) {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(text);
      if (m) return m[1]!;
      const { value, done } = await out.read();
      if (done) throw new Error(`server ended before listening: ${text}`);
      text += value;
    }
  })();
  // Keep reading so the pipe never fills.
  const drained = url.then(async () => {
    while (!(await out.read()).done) { /* discard */ }
  });
  let stopped: Promise<void> | null = null;
  return {
    child,
    url,
    drained,
    stop(signal: Deno.Signal = "SIGTERM") {
      stopped ??= (async () => {
        try {
          child.kill(signal);
        } catch { /* already gone */ }
        await child.status;
        await drained.catch(() => {});
      })();
      return stopped;
    },
  };
}

/** A typed HTTP client of the server at `url` (its base URL), signed in when `token` is given. */
export function httpClient(url: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({
      url: `${url}/trpc`,
      transformer: superjson,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })],
  });
}
