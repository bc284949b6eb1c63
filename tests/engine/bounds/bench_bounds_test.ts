/**
 * The bounds against the bench's reference figures: never above a known feasible makespan
 * (`upper_bound_h`), which would be a bug. Files up to 60 lots keep the test short; the bench
 * script covers the rest.
 */
import { ok as assert } from "node:assert/strict";
import { computeLowerBound } from "../../../src/engine/bounds/mod.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import { benchPath } from "../../_helpers/paths.ts";

const rows = (await Deno.readTextFile(benchPath("reference_bounds.csv")))
  .trim().split("\n").slice(1).map((l) => l.split(","));

Deno.test("bounds on bench files ≤ 60 lots never exceed the known upper bound", async () => {
  for (const [file, n, , upper] of rows) {
    if (file === undefined || upper === undefined) throw new Error(`short row: ${file}`);
    if (Number(n) > 60) continue;
    const dir = file.startsWith("lots") ? "seed" : "public";
    const { lots, issues } = parseLotsCsv(await Deno.readTextFile(benchPath(`${dir}/${file}`)));
    assert(!issues.length, file);
    const lb = await computeLowerBound(lots, DEFAULT_CONFIG, { budgetMs: 1000 });
    // The reference figures are printed to 3 decimals.
    assert(lb.lowerBoundHours <= Number(upper) + 5e-4, `${file}: ${lb.lowerBoundHours} > ${upper}`);
  }
});
