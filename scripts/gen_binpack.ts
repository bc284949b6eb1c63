/**
 * `deno task gen:binpack [--out DIR]`: writes the classical bin-packing families (see
 * scripts/binpack/families.ts) as lots CSVs with the line configuration that maps them to bin
 * packing, and an index with each instance's size, capacity, known optimum and L2 bound.
 * Deterministic: running it again gives the same files.
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import {
  allFamilies,
  firstFitDecreasing,
  hardCandidate,
  lineConfigYaml,
  martelloTothL2,
  minBinSlackBins,
  toLotsCsv,
} from "./binpack/families.ts";
import { computeLowerBound, type Lot } from "../src/engine/mod.ts";
import { binPackConfig } from "./binpack/family_table.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    out: { type: "string" },
    "pick-hard": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(
    "Usage: deno task gen:binpack [--out DIR]   (default: bench/binpack)\n" +
      "       deno task gen:binpack --pick-hard N   (prints the first N hard28-like seeds)",
  );
  Deno.exit(0);
}
if (values["pick-hard"]) {
  console.log((await pickHard(Number(values["pick-hard"]))).join(", "));
  Deno.exit(0);
}

/**
 * The first `count` seeds whose hard28-like candidate defeats first-fit decreasing and minimum
 * bin slack: both above the engine's root bound (the rounded-up LP of column generation, split on
 * a fractional bin count), run to the end; L2, never above it, screens out most candidates first.
 */
async function pickHard(count: number): Promise<number[]> {
  const picked: number[] = [];
  for (let seed = 0; picked.length < count; seed++) {
    const sizes = hardCandidate(seed);
    const l2 = martelloTothL2(sizes, 1000);
    const heuristic = Math.min(firstFitDecreasing(sizes, 1000), minBinSlackBins(sizes, 1000));
    if (heuristic <= l2) continue;
    const lots: Lot[] = sizes.map((vials, i) => ({ id: `I${i}`, type: "bin", vials }));
    const lp = await computeLowerBound(lots, binPackConfig(1000), { budgetMs: 600_000 });
    if (lp.stoppedByBudget) throw new Error(`seed ${seed}: the bound did not finish`);
    // The bound is total fill + one 1 h CLEAN per bin.
    const bins = Math.ceil(lp.lowerBoundHours - sizes.reduce((a, b) => a + b, 0) - 1e-6);
    if (heuristic > bins) picked.push(seed);
  }
  return picked;
}
const out = values.out ?? fileURLToPath(new URL("../bench/binpack", import.meta.url));
const index = ["family,name,items,capacity,optimum_bins,l2_bins"];
const capacities = new Map<string, number>();
for (const inst of allFamilies()) {
  const dir = `${out}/${inst.family}`;
  if (!capacities.has(dir)) await Deno.mkdir(dir, { recursive: true });
  capacities.set(`${dir}/${inst.capacity}`, inst.capacity);
  await Deno.writeTextFile(`${dir}/${inst.name}.csv`, toLotsCsv(inst));
  index.push(
    [
      inst.family,
      inst.name,
      inst.sizes.length,
      inst.capacity,
      inst.optimum ?? "",
      martelloTothL2(inst.sizes, inst.capacity),
    ].join(","),
  );
}
for (const [key, capacity] of capacities) {
  const dir = key.slice(0, key.lastIndexOf("/"));
  await Deno.writeTextFile(`${dir}/line_c${capacity}.yaml`, lineConfigYaml(capacity));
}
await Deno.writeTextFile(`${out}/index.csv`, index.join("\n") + "\n");
console.log(`wrote ${index.length - 1} instances under ${out}`);
