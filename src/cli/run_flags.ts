/** The flags and help of the commands that plan lots (schedule, compare). */
import type { Registry } from "../engine/mod.ts";
import { UsageError } from "./command.ts";
import { type OptionSpec, parseFlags, str } from "./flags.ts";
import { type CliIo, INTERRUPTED_EXIT } from "./io.ts";
import { configFlagsHelp } from "./config_flags.ts";

/** The strategies of `registry` with their aliases and options (name=default, range), for --help. */
export function strategiesHelp(registry: Registry): string {
  const lines = ["Strategies (name, aliases; options for --option NAME.KEY=VALUE):"];
  for (const s of registry.list()) {
    const aliases = s.aliases.length ? ` (${s.aliases.join(", ")})` : "";
    lines.push(`  ${s.name}${aliases}: ${s.description}`);
    for (const o of s.options) {
      const range = o.values
        ? ` one of ${o.values.join("|")}`
        : o.min !== undefined || o.max !== undefined
        ? ` [${o.min ?? ""}..${o.max ?? ""}]`
        : "";
      lines.push(`      ${o.name}=${String(o.default)}${range}  ${o.description}`);
    }
  }
  return lines.join("\n");
}

/** Flags of the commands that plan lots (schedule, compare), beside the config flags. */
export const RUN_FLAGS = {
  data: { type: "string" },
  out: { type: "string", short: "o" },
  sequence: { type: "string" },
  "bound-ms": { type: "string" },
} as const;

/**
 * The end of both run commands' help: --help, the config flags, and what Ctrl-C and the exit
 * codes mean, which are the same for both (they stop through `stoppableRun`).
 */
export const RUN_USAGE_END = `  -h, --help                 show this help
${configFlagsHelp()}

Ctrl-C stops a search early and keeps its best plan (marked stopped); a second Ctrl-C quits.

Exit status: 0 done, 1 invalid input or config, 2 usage error, ${INTERRUPTED_EXIT} quit by Ctrl-C.
`;

/** Reads `--bound-ms`: a whole number of milliseconds ≥ 0. */
export function boundMs(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v.trim())) {
    throw new UsageError(`--bound-ms must be a whole number of ms, got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

/** Default time for the lower bound after a run, ms. */
export const DEFAULT_BOUND_MS = 2000;

/**
 * The start both run commands share: parse `options`; on --help print `usage` with the strategy
 * list and return null; else require --data and read --bound-ms.
 */
export function parseRunFlags(
  args: readonly string[],
  options: Record<string, OptionSpec>,
  usage: string,
  registry: Registry,
  io: CliIo,
  needsData: (values: ReturnType<typeof parseFlags>["values"]) => boolean = () => true,
): { values: ReturnType<typeof parseFlags>["values"]; data: string; budgetMs: number } | null {
  const { values } = parseFlags(args, options);
  if (values.help) {
    io.out(`${usage}\n${strategiesHelp(registry)}\n`);
    return null;
  }
  const data = str(values.data) ?? "";
  if (!data && needsData(values)) throw new UsageError("missing --data LOTS.csv");
  return { values, data, budgetMs: boundMs(str(values["bound-ms"]), DEFAULT_BOUND_MS) };
}
