/** Flag parsing on node:util parseArgs: usage errors become exit code 2, config flags are shared. */
import { parseArgs } from "node:util";
import {
  CancelledError,
  InputError,
  type Issue,
  type Registry,
  StartTimeError,
  UnknownStrategyError,
} from "../engine/mod.ts";
import type { CliIo } from "./io.ts";
import { CONFIG_KEY_SPECS } from "./config_keys.ts";

/** Exit codes of every command. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Misuse of the command line (unknown flag, missing --data, unknown subcommand): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

type OptionSpec = { type: "string" | "boolean"; short?: string; multiple?: boolean };

/** Flags that set configuration values, shared by schedule, compare and config. */
export const CONFIG_FLAGS: Record<string, OptionSpec> = {
  config: { type: "string", short: "c" },
  ...Object.fromEntries(
    CONFIG_KEY_SPECS.map((s) => [
      s.flag,
      s.kind === "json" ? { type: "string", multiple: true } : { type: "string" },
    ]),
  ),
};

/** Help text lines for the config flags. */
export function configFlagsHelp(): string {
  const rows = [
    ["--config F", "config file (YAML or JSON)"],
    ...CONFIG_KEY_SPECS.map((s) => [
      `--${s.flag} ${s.kind === "number" ? "N" : s.kind === "json" ? "S.K=V" : "X"}`,
      `${s.meaning} [${s.env}]`,
    ]),
  ];
  return rows.map(([f, m]) => `  ${f!.padEnd(26)} ${m}`).join("\n");
}

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

/** Parses `args` with `options` (plus --help); unknown flags and bad values throw UsageError. */
export function parseFlags(
  args: readonly string[],
  options: Record<string, OptionSpec>,
  allowPositionals = false,
): { values: Record<string, string | string[] | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({
      args: [...args],
      options: { help: { type: "boolean", short: "h" }, ...options },
      strict: true,
      allowPositionals,
    });
    return {
      values: r.values as Record<string, string | string[] | boolean>,
      positionals: r.positionals,
    };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A string flag's value (the last one when repeated). */
export function str(v: string | string[] | boolean | undefined): string | undefined {
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === "string" ? v : undefined;
}

/** Flags of the commands that plan lots (schedule, compare), beside the config flags. */
export const RUN_FLAGS = {
  data: { type: "string" },
  out: { type: "string", short: "o" },
  sequence: { type: "string" },
  "bound-ms": { type: "string" },
} as const;

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
): { values: ReturnType<typeof parseFlags>["values"]; data: string; budgetMs: number } | null {
  const { values } = parseFlags(args, options);
  if (values.help) {
    io.out(`${usage}\n${strategiesHelp(registry)}\n`);
    return null;
  }
  const data = str(values.data);
  if (!data) throw new UsageError("missing --data LOTS.csv");
  return { values, data, budgetMs: boundMs(str(values["bound-ms"]), DEFAULT_BOUND_MS) };
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
