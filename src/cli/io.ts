/** Where a CLI command writes and what it may read: injectable so commands run in tests in-process. */

/** The outside world of one command run. */
export interface CliIo {
  /** Writes to standard output (no newline added). */
  out(text: string): void;
  /** Writes to standard error (no newline added). */
  err(text: string): void;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress lines are `\r`-updated only then). */
  readonly errIsTty: boolean;
  /** Clock, epoch ms. */
  now(): number;
  /**
   * Calls `handler` at Ctrl-C until the returned function is called (a second Ctrl-C then
   * quits). Without it, Ctrl-C does what it does by default.
   */
  onInterrupt?(handler: () => void): () => void;
}

/** Exit status after a second Ctrl-C (128 + SIGINT, as shells report it). */
export const INTERRUPTED_EXIT = 130;

const enc = new TextEncoder();

/** The real process: Deno's stdout/stderr and environment. */
export function denoIo(): CliIo {
  return {
    out: (t) => void Deno.stdout.writeSync(enc.encode(t)),
    err: (t) => void Deno.stderr.writeSync(enc.encode(t)),
    env: Deno.env.toObject(),
    errIsTty: Deno.stderr.isTerminal(),
    now: () => Date.now(),
    onInterrupt(handler) {
      let pressed = 0;
      const listener = () => {
        if (++pressed > 1) Deno.exit(INTERRUPTED_EXIT);
        handler();
      };
      Deno.addSignalListener("SIGINT", listener);
      return () => Deno.removeSignalListener("SIGINT", listener);
    },
  };
}

/**
 * An AbortSignal that fires at the first Ctrl-C while `work` runs: searches stop early and keep
 * their best plan. Says so on stderr, since the run goes on for a moment.
 */
export async function stoppableBy<T>(
  io: CliIo,
  work: (stop: AbortSignal) => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const release = io.onInterrupt?.(() => {
    io.err("\nstopping: keeping the best plan found so far (Ctrl-C again to quit)\n");
    stop.abort();
  });
  try {
    return await work(stop.signal);
  } finally {
    release?.();
  }
}

/** An in-memory io for tests: everything written is kept in `stdout` / `stderr`. */
export function memoryIo(
  env: Record<string, string | undefined> = {},
  opts: { errIsTty?: boolean; now?: () => number } = {},
): CliIo & { stdout: string; stderr: string; interrupt(): boolean } {
  const handlers = new Set<() => void>();
  const io = {
    stdout: "",
    stderr: "",
    /** Presses Ctrl-C: false if nothing listened. */
    interrupt() {
      for (const h of handlers) h();
      return handlers.size > 0;
    },
    onInterrupt(handler: () => void) {
      handlers.add(handler);
      return () => void handlers.delete(handler);
    },
    env,
    errIsTty: opts.errIsTty ?? false,
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    now: opts.now ?? (() => Date.now()),
  };
  return io;
}
