/** Flag parsing on node:util parseArgs: unknown flags and bad values are usage errors. */
import { parseArgs } from "node:util";
import { UsageError } from "./command.ts";

/** One flag as parseArgs declares it. */
export type OptionSpec = { type: "string" | "boolean"; short?: string; multiple?: boolean };

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
