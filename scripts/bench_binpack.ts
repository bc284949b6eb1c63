/**
 * `deno task bench:binpack`: opt-pack (or any strategy) on the classical bin-packing families of
 * bench/binpack, mapped to the line, with the per-family table against the earlier opt-pack
 * (scripts/binpack/family_table.ts; `deno task bench` prints the same table on a sample).
 *
 * Flags: --families a,b (substrings) --per-class N (first N of each size class; default all)
 *        --strategy NAME (default opt-pack) --time-limit SEC --bound-ms N (default 2000)
 *        --json FILE
 *        --baseline FILE (an earlier run to compare with, default bench/binpack/baseline_opt_pack.csv:
 *        opt-pack before its block elimination, 2 s, the first 2 instances of each size class;
 *        cutgen and hard_like: opt-pack when they were added)
 *        --write-baseline FILE (stores this run in that form)
 */
import { parseArgs } from "node:util";
import {
  baselineCsv,
  DEFAULT_BASELINE,
  familyReport,
  readIndex,
  runFamilies,
  type RunOptions,
  sample,
} from "./binpack/family_table.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    families: { type: "string" },
    "per-class": { type: "string" },
    strategy: { type: "string", default: "opt-pack" },
    "time-limit": { type: "string" },
    "bound-ms": { type: "string", default: "2000" },
    json: { type: "string" },
    baseline: { type: "string" },
    "write-baseline": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(
    "Usage: deno task bench:binpack [--families a,b] [--per-class N] [--strategy NAME] " +
      "[--time-limit SEC] [--bound-ms N] [--json FILE] [--baseline FILE] [--write-baseline FILE]",
  );
  Deno.exit(0);
}

const wanted = values.families?.split(",").map((s) => s.trim()).filter(Boolean);
const perClass = values["per-class"] ? Number(values["per-class"]) : null;
const opts: RunOptions = {
  strategy: values.strategy!,
  timeLimitSec: values["time-limit"] ? Number(values["time-limit"]) : null,
  boundBudgetMs: Number(values["bound-ms"]),
};
const results = await runFamilies(sample(readIndex(), perClass, wanted), opts);
if (values["write-baseline"]) {
  await Deno.writeTextFile(values["write-baseline"], baselineCsv(results));
}
console.log(familyReport(results, opts, values.baseline ?? DEFAULT_BASELINE));
if (values.json) await Deno.writeTextFile(values.json, JSON.stringify(results, null, 1));
