/** Reads what a run needs: config, lots and sequence files; every problem names the file and line. */
import {
  InputError,
  type Issue,
  type LineConfig,
  type Lot,
  parseLotsCsv,
  parseSequenceCsv,
  type Registry,
  type SchedulerConfig,
} from "../engine/mod.ts";
import { loadCheckedConfig } from "./effective_config.ts";
import { str } from "./flags.ts";
import type { CliIo } from "./io.ts";
import type { ConfigFlags } from "./load_config.ts";

/** A file's text; a missing or unreadable file is an InputError naming it. */
export async function readText(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "no such file" : (e as Error).message;
    throw new InputError(`cannot read ${what}`, [{
      code: "FILE_UNREADABLE",
      field: what,
      message: `${path}: ${why}`,
    }]);
  }
}

function located(path: string, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => ({ ...i, message: `${path}: ${i.message}` }));
}

/** The lots of a CSV file; throws InputError listing every problem. */
export async function readLotsFile(path: string, config: LineConfig): Promise<Lot[]> {
  const { lots, issues } = parseLotsCsv(await readText(path, "lots file"), config);
  if (issues.length) throw new InputError("invalid lots", located(path, issues));
  return lots;
}

/** The lot IDs of a sequence CSV file; throws InputError listing every problem. */
export async function readSequenceFile(path: string): Promise<string[]> {
  const { ids, issues } = parseSequenceCsv(await readText(path, "sequence file"));
  if (issues.length) throw new InputError("invalid sequence", located(path, issues));
  return ids;
}

/**
 * What schedule and compare read before they run: the checked config (for `strategies`, else
 * the configured one), the lots of `data` and the `--sequence` file if given. Throws InputError
 * with every problem of the config, then of each file.
 */
export async function readRunInputs(
  values: ConfigFlags,
  data: string,
  io: CliIo,
  registry: Registry,
  strategies?: readonly string[],
): Promise<{ config: SchedulerConfig; lots: Lot[]; sequence: string[] | undefined }> {
  const { config, errors } = await loadCheckedConfig(values, io.env, registry, strategies);
  if (errors.length) throw new InputError("invalid configuration", errors);
  const lots = await readLotsFile(data, config);
  const path = str(values.sequence);
  return { config, lots, sequence: path ? await readSequenceFile(path) : undefined };
}
