/**
 * The classical bin-packing families of bench/binpack run as line schedules, and their per-family
 * table against a stored earlier run: the one place both `deno task bench:binpack` and
 * `deno task bench` take it from. Mapped to the line (families.ts), a plan's CLEAN count is its
 * number of bins. Per family: instances, how many plans use the optimal number of bins (the
 * construction's optimum where known, else a plan that meets a lower bound, ours, the baseline
 * run's or Martello–Toth's L2), how many the run itself proved, mean and max gap in bins, times.
 */
import { fileURLToPath } from "node:url";
import {
  DEFAULT_CONFIG,
  parseLotsCsv,
  runSchedule,
  type SchedulerConfig,
} from "../../src/engine/mod.ts";

export const BINPACK_ROOT = fileURLToPath(new URL("../../bench/binpack/", import.meta.url));
/** opt-pack before its block elimination, 2 s, the first 2 instances of each size class; for
 * the cutgen and hard_like families, which came later, opt-pack as it was when they were added. */
export const DEFAULT_BASELINE = `${BINPACK_ROOT}baseline_opt_pack.csv`;

export interface IndexRow {
  family: string;
  name: string;
  items: number;
  capacity: number;
  optimum: number | null;
  l2: number;
}

export function readIndex(root = BINPACK_ROOT): IndexRow[] {
  const [, ...rows] = Deno.readTextFileSync(`${root}index.csv`).trim().split("\n");
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

/** The instances of the families whose name contains one of `families` (all when none), the
 * first `perClass` of each size class (the name before its `_number`; all when null). */
export function sample(
  rows: readonly IndexRow[],
  perClass: number | null,
  families?: readonly string[],
): IndexRow[] {
  const taken = new Map<string, number>();
  return rows.filter((r) => {
    if (families?.length && !families.some((w) => r.family.includes(w))) return false;
    if (perClass === null) return true;
    const cls = `${r.family}/${r.name.replace(/_\d+$/, "")}`;
    const k = taken.get(cls) ?? 0;
    taken.set(cls, k + 1);
    return k < perClass;
  });
}

/** The line as bin packing (families.ts): 1 vial/h, window = capacity, no changeovers, 1 h CLEAN. */
export function binPackConfig(capacity: number): SchedulerConfig {
  return {
    ...DEFAULT_CONFIG,
    fillRateVph: 1,
    windowHours: capacity,
    cleanHours: 1,
    chgSameHours: 0,
    chgDiffHours: 0,
  };
}

export interface RunOptions {
  strategy: string;
  timeLimitSec?: number | null;
  boundBudgetMs: number;
}

export interface Result extends IndexRow {
  bins: number;
  boundBins: number;
  bestLb: number;
  optimal: boolean;
  proven: boolean;
  ms: number;
}

/** Runs `opts.strategy` on each instance, one after another (times are wall times). */
export async function runFamilies(
  rows: readonly IndexRow[],
  opts: RunOptions,
  root = BINPACK_ROOT,
): Promise<Result[]> {
  const results: Result[] = [];
  for (const r of rows) {
    const text = Deno.readTextFileSync(`${root}${r.family}/${r.name}.csv`);
    const { lots, issues } = parseLotsCsv(text);
    if (issues.length) throw new Error(`${r.name}: ${issues[0]!.message}`);
    const config: SchedulerConfig = {
      ...binPackConfig(r.capacity),
      strategyOptions: opts.timeLimitSec
        ? { [opts.strategy]: { timeLimitSec: opts.timeLimitSec } }
        : {},
    };
    const t0 = performance.now();
    const s = await runSchedule(lots, config, {
      strategy: opts.strategy,
      startMs: 0,
      boundBudgetMs: opts.boundBudgetMs,
    });
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
  return results;
}

/** A stored earlier run: bins, bound and time per instance (see baselineCsv). */
export interface BaselineRow {
  bins: number;
  boundBins: number;
  proven: boolean;
  ms: number;
}

/** The stored run keyed `family/name`; empty when the file is missing. */
export function readBaseline(path: string): Map<string, BaselineRow> {
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

/** A run in the form readBaseline reads. */
export function baselineCsv(results: readonly Result[]): string {
  return "family,name,bins,bound_bins,proven,ms\n" +
    results.map((r) =>
      `${r.family},${r.name},${r.bins},${r.boundBins},${r.proven ? 1 : 0},${Math.round(r.ms)}\n`
    ).join("");
}

/** What one table row needs of an instance's outcome. */
interface Outcome {
  family: string;
  bins: number;
  bestLb: number;
  optimum: number | null;
  proven: boolean;
  ms: number;
}

/** One markdown row per family: instances, optimal, proven, open, gaps, times. */
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

/** The family table of this run, then before (the stored run) and after on the instances both
 * hold. Each instance is judged against the best bound either run found (both are valid). */
export function familyReport(
  results: readonly Result[],
  opts: RunOptions,
  baselinePath = DEFAULT_BASELINE,
): string {
  const baseline = readBaseline(baselinePath);
  const paired = results.flatMap((r) => {
    const b = baseline.get(`${r.family}/${r.name}`);
    return b ? [{ r, b, bestLb: Math.max(r.bestLb, b.boundBins) }] : [];
  });
  const lines = [
    `strategy ${opts.strategy}${
      opts.timeLimitSec ? ` (time limit ${opts.timeLimitSec} s)` : ""
    }, bound budget ${opts.boundBudgetMs} ms`,
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
  return lines.join("\n");
}
