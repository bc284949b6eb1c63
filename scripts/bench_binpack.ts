/**
 * `deno task bench:binpack`: opt-pack (or any strategy) on the classical bin-packing families of
 * bench/binpack, mapped to the line (scripts/binpack/families.ts). Per family: instances, how many
 * plans use the optimal number of bins (the construction's optimum where known, else a plan that
 * meets a lower bound, ours or Martello–Toth's L2), how many the run itself proved, the mean and
 * max gap in bins, and times.
 *
 * Flags: --families a,b (substrings) --per-class N (first N of each size class; default all)
 *        --strategy NAME (default opt-pack) --time-limit SEC --bound-ms N (default 2000)
 *        --json FILE
 *        --baseline FILE (an earlier run to compare with, default bench/binpack/baseline_opt_pack.csv:
 *        opt-pack before its block elimination, 2 s, the first 2 instances of each size class)
 *        --write-baseline FILE (stores this run in that form)
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_CONFIG,
  parseLotsCsv,
  runSchedule,
  type SchedulerConfig,
} from "../src/engine/mod.ts";

const ROOT = fileURLToPath(new URL("../bench/binpack/", import.meta.url));

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

interface IndexRow {
  family: string;
  name: string;
  items: number;
  capacity: number;
  optimum: number | null;
  l2: number;
}

function readIndex(): IndexRow[] {
  const [, ...rows] = Deno.readTextFileSync(`${ROOT}index.csv`).trim().split("\n");
  return rows.map((r) => {
    const [family, name, items, capacity, optimum, l2] = r.split(",");
    return {
      family: family!,
      name: name!,
      items: Number(items),
      capacity: Number(capacity),
      optimum: optimum ? Number(optimum) : null,
      l2: Number(l2),
    };
  });
}

/** The first `perClass` instances of each size class (the name before its `_number`). */
function sample(rows: IndexRow[], perClass: number | null): IndexRow[] {
  if (perClass === null) return rows;
  const taken = new Map<string, number>();
  return rows.filter((r) => {
    const cls = `${r.family}/${r.name.replace(/_\d+$/, "")}`;
    const k = taken.get(cls) ?? 0;
    taken.set(cls, k + 1);
    return k < perClass;
  });
}

const wanted = values.families?.split(",").map((s) => s.trim()).filter(Boolean);
const perClass = values["per-class"] ? Number(values["per-class"]) : null;
const rows = sample(
  readIndex().filter((r) => !wanted || wanted.some((w) => r.family.includes(w))),
  perClass,
);
const strategy = values.strategy!;
const boundBudgetMs = Number(values["bound-ms"]);

interface Result extends IndexRow {
  bins: number;
  boundBins: number;
  bestLb: number;
  optimal: boolean;
  proven: boolean;
  ms: number;
}
const results: Result[] = [];
for (const r of rows) {
  const { lots, issues } = parseLotsCsv(Deno.readTextFileSync(`${ROOT}${r.family}/${r.name}.csv`));
  if (issues.length) throw new Error(`${r.name}: ${issues[0]!.message}`);
  const options = values["time-limit"]
    ? { [strategy]: { timeLimitSec: Number(values["time-limit"]) } }
    : {};
  const config: SchedulerConfig = {
    ...DEFAULT_CONFIG,
    fillRateVph: 1,
    windowHours: r.capacity,
    cleanHours: 1,
    chgSameHours: 0,
    chgDiffHours: 0,
    strategyOptions: options,
  };
  const t0 = performance.now();
  const s = await runSchedule(lots, config, { strategy, startMs: 0, boundBudgetMs });
  const ms = performance.now() - t0;
  const total = lots.reduce((a, l) => a + l.vials, 0);
  // makespan = total fill + one 1 h CLEAN per bin, so a bound in hours is a bound in bins.
  const boundBins = Math.ceil(s.bound.lowerBoundHours - total - 1e-6);
  const bestLb = Math.max(r.l2, boundBins, r.optimum ?? 0);
  const bins = s.kpis.cleans;
  results.push({
    ...r,
    bins,
    boundBins,
    bestLb,
    optimal: bins === (r.optimum ?? bestLb),
    proven: s.bound.provenOptimal,
    ms,
  });
}

/** A stored earlier run: bins, bound and time per instance (see --write-baseline). */
interface BaselineRow {
  bins: number;
  boundBins: number;
  proven: boolean;
  ms: number;
}

function readBaseline(path: string): Map<string, BaselineRow> {
  const out = new Map<string, BaselineRow>();
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return out;
  }
  const [, ...lines] = text.trim().split("\n");
  for (const line of lines) {
    const [family, name, bins, boundBins, proven, ms] = line.split(",");
    out.set(`${family}/${name}`, {
      bins: Number(bins),
      boundBins: Number(boundBins),
      proven: proven === "1",
      ms: Number(ms),
    });
  }
  return out;
}

if (values["write-baseline"]) {
  await Deno.writeTextFile(
    values["write-baseline"],
    "family,name,bins,bound_bins,proven,ms\n" +
      results.map((r) =>
        `${r.family},${r.name},${r.bins},${r.boundBins},${r.proven ? 1 : 0},${Math.round(r.ms)}\n`
      ).join(""),
  );
}

/** One table row per family: instances, optimal, proven, open, gaps, times. */
interface Outcome {
  family: string;
  bins: number;
  bestLb: number;
  optimum: number | null;
  proven: boolean;
  ms: number;
}

function familyRows(outcomes: readonly Outcome[]): string[] {
  const lines = [
    "| family | instances | optimal | proven by the run | open | mean gap bins % | max gap bins % | mean s | max s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const f of [...new Set(outcomes.map((r) => r.family))]) {
    const rs = outcomes.filter((r) => r.family === f);
    const gaps = rs.map((r) => (r.bins - r.bestLb) / r.bestLb * 100);
    const optimal = rs.filter((r) => r.bins === (r.optimum ?? r.bestLb)).length;
    lines.push(
      `| ${f} | ${rs.length} | ${optimal} | ${rs.filter((r) => r.proven).length} | ` +
        `${rs.filter((r) => r.bins > r.bestLb && r.optimum === null).length} | ` +
        `${(gaps.reduce((a, b) => a + b, 0) / rs.length).toFixed(3)} | ${
          Math.max(...gaps).toFixed(3)
        } | ${(rs.reduce((a, r) => a + r.ms, 0) / rs.length / 1000).toFixed(2)} | ${
          (Math.max(...rs.map((r) => r.ms)) / 1000).toFixed(2)
        } |`,
    );
  }
  return lines;
}

const baselinePath = values.baseline ?? `${ROOT}baseline_opt_pack.csv`;
const baseline = readBaseline(baselinePath);
// Each instance is judged against the best bound either run found (both are valid bounds).
const paired = results.flatMap((r) => {
  const b = baseline.get(`${r.family}/${r.name}`);
  return b ? [{ r, b, bestLb: Math.max(r.bestLb, b.boundBins) }] : [];
});
const lines = [
  `strategy ${strategy}${values["time-limit"] ? ` (time limit ${values["time-limit"]} s)` : ""}, ` +
  `bound budget ${boundBudgetMs} ms`,
  "",
  ...familyRows(results.map((r) => ({
    ...r,
    bestLb: Math.max(r.bestLb, baseline.get(`${r.family}/${r.name}`)?.boundBins ?? 0),
  }))),
  "",
  "optimal: the plan's bins equal the known optimum (triplets: n/3 by construction) or a valid " +
  "lower bound (the run's own, the baseline run's or Martello–Toth L2); open: above every bound " +
  "known here.",
];
if (paired.length) {
  lines.push(
    "",
    `Before and after on the ${paired.length} instances the baseline holds (${baselinePath}):`,
    "",
    "before:",
    ...familyRows(paired.map(({ r, b, bestLb }) => ({ ...r, ...b, bestLb }))),
    "",
    "after:",
    ...familyRows(paired.map(({ r, bestLb }) => ({ ...r, bestLb }))),
  );
}
console.log(lines.join("\n"));
if (values.json) await Deno.writeTextFile(values.json, JSON.stringify(results, null, 1));
