/**
 * `deno task gen:binpack [--out DIR]`: writes the classical bin-packing families (see
 * scripts/binpack/families.ts) as lots CSVs with the line configuration that maps them to bin
 * packing, and an index with each instance's size, capacity, known optimum and L2 bound.
 * Deterministic: running it again gives the same files.
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { allFamilies, lineConfigYaml, martelloTothL2, toLotsCsv } from "./binpack/families.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log("Usage: deno task gen:binpack [--out DIR]   (default: bench/binpack)");
  Deno.exit(0);
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
