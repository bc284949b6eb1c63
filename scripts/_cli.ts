/** Entry helper for the CLI scripts: run a command on the real process and exit with its code. */
import { denoIo } from "../src/cli/io.ts";
import type { CliIo } from "../src/cli/io.ts";

export { EXIT, UsageError } from "../src/cli/command.ts";
export { parseFlags } from "../src/cli/flags.ts";

/** Runs `command` with the process's arguments and io, then exits with its code. */
export async function main(
  command: (args: readonly string[], io: CliIo) => Promise<number>,
): Promise<never> {
  const code = await command(Deno.args, denoIo());
  Deno.exit(code);
}
