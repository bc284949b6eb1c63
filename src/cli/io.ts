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
}

const enc = new TextEncoder();

/** The real process: Deno's stdout/stderr and environment. */
export function denoIo(): CliIo {
  return {
    out: (t) => void Deno.stdout.writeSync(enc.encode(t)),
    err: (t) => void Deno.stderr.writeSync(enc.encode(t)),
    env: Deno.env.toObject(),
    errIsTty: Deno.stderr.isTerminal(),
    now: () => Date.now(),
  };
}

/** An in-memory io for tests: everything written is kept in `stdout` / `stderr`. */
export function memoryIo(
  env: Record<string, string | undefined> = {},
  opts: { errIsTty?: boolean; now?: () => number } = {},
): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
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
