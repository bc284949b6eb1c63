/** Reads the lots and sequence files for a command; every problem names the file and line. */
import {
  InputError,
  type Issue,
  type LineConfig,
  type Lot,
  parseLotsCsv,
  parseSequenceCsv,
} from "../engine/mod.ts";

async function readText(path: string, what: string): Promise<string> {
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
