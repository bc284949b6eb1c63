/** How a command ends: exit codes, usage errors, and every problem printed on stderr. */
import {
  CancelledError,
  InputError,
  type Issue,
  StartTimeError,
  UnknownStrategyError,
} from "../engine/mod.ts";
import type { CliIo } from "./io.ts";

/** Exit codes of every command. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Misuse of the command line (unknown flag, missing --data, unknown subcommand): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Prints issues one per line on stderr. */
export function printIssues(io: CliIo, issues: readonly Issue[], prefix = "error"): void {
  for (const i of issues) io.err(`${prefix}: ${i.message}\n`);
}

/** Runs a command body and maps what it throws to an exit code, printing every message on stderr. */
export async function runCommand(
  io: CliIo,
  usage: string,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${usage}`);
      return EXIT.usage;
    }
    if (e instanceof InputError) {
      io.err(
        `${e.message.split(":")[0]}: ${e.issues.length} problem${
          e.issues.length === 1 ? "" : "s"
        }\n`,
      );
      printIssues(io, e.issues);
      return EXIT.invalid;
    }
    if (e instanceof UnknownStrategyError || e instanceof StartTimeError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.invalid;
    }
    if (e instanceof CancelledError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.invalid;
    }
    io.err(`error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.invalid;
  }
}
