/**
 * `deno task bench` (one script of about 400 lines: its flags, runs and the tables it prints
 * belong together): every registered strategy on every bench file (bench/public and
 * bench/seed, smallest first): makespan, cleans, changeover, gap to the reference lower
 * bound, the schedule's own bound, and wall time: the whole run (runSchedule with the CLI's
 * default bound budget, --run-bound-ms), the strategy alone and the run's bound step alone.
 *
 * Budgets are checked on every row: a strategy with a time limit (timeLimitSec) and every
 * bound must finish within budget + 10 % + 50 ms. A miss is marked in the "budget" column
 * (and in the Bounds table) and counted in a last line.
 *
 * Gap % is to reference_bounds.csv's lower bound; files it does not list use the schedule's own
 * bound instead, marked `*`.
 *
 * "gap % best LB" is to the best valid lower bound known for the file: the reference's, the
 * project's own column-generation bound (computed first, `--bound-ms`, default 10 s) and any bound a
 * strategy proved — all are valid, so the largest is the honest yardstick. A "Bounds" table
 * compares the project's bound with the reference's, with its time.
 *
 * Flags: --files <substring> --strategies a,b --max-lots N --repeat N --json out.json
 *        --time-limit SEC (sets `timeLimitSec` of strategies that declare it, e.g. optimizers)
 *        --bound-ms N (time for the project's own bound per file; 0 = skip the Bounds table)
 *        --run-bound-ms N (bound budget of each run, default the CLI's, 2000)
 *        --milp-max-lots N (milp-opt runs on files up to N lots, default 60: it proves optimality
 *        there within its time limit; above, each file would just spend the whole limit)
 *        --binpack-per-class N|all (the classical bin-packing families' table at the end, old
 *        opt-pack vs new, scripts/binpack/family_table.ts: the first N instances of each size
 *        class, default 2, the instances the stored old run holds) --binpack-families a,b
 *        --no-binpack (skip that table)
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import {
  computeLowerBound,
  DEFAULT_CONFIG,
  type Lot,
  parseLotsCsv,
  promisedMs,
  Registry,
  registry,
  runSchedule,
  type Strategy,
} from "../src/engine/mod.ts";
import { DEFAULT_BOUND_MS } from "../src/cli/run_flags.ts";
import { familyReport, readIndex, runFamilies, sample } from "./binpack/family_table.ts";

const BENCH = fileURLToPath(new URL("../bench/", import.meta.url));

interface Row {
  file: string;
  lots: number;
  strategy: string;
  skipped: boolean;
  makespanHours?: number;
  cleans?: number;
  changeoverHours?: number;
  /** Gap of the makespan to the reference lower bound, or to the own bound when none (`gapBasis`). */
  gapPct?: number | null;
  gapBasis?: "reference" | "own";
  /** Gap to the best valid lower bound known (reference, own bound, any strategy's). */
  bestGapPct?: number | null;
  /** Makespan vs the original system's best heuristic on this file, %. */
  vsOriginalPct?: number | null;
  ownBoundHours?: number;
  ownBoundMethod?: string;
  status?: string;
  /** Best of --repeat runs: whole runSchedule (validation, strategy, checks, KPIs, bound). */
  ms?: number;
  /** Best of --repeat runs: the strategy's run() alone. */
  strategyMs?: number;
  /** Best of --repeat runs: the run's bound step alone. */
  boundMs?: number;
  /** Budgets missed in any of the runs, e.g. "strategy 2412 ms > 2250". */
  overruns?: string[];
}

function usage(): never {
  console.error(
    "Usage: deno task bench [--files SUBSTR] [--strategies a,b] [--max-lots N] [--repeat N] " +
      "[--milp-max-lots N] [--bound-ms N] [--run-bound-ms N] " +
      "[--json out.json] [--time-limit SEC] " +
      "[--binpack-per-class N|all] [--binpack-families a,b] [--no-binpack]",
  );
  Deno.exit(2);
}

/** Reference figures per file name from reference_bounds.csv (plain comma-separated). */
function referenceBounds(): Map<string, { lower: number; original: number }> {
  const out = new Map<string, { lower: number; original: number }>();
  const text = Deno.readTextFileSync(`${BENCH}reference_bounds.csv`).trim();
  const [head, ...rows] = text.split(/\r?\n/);
  const cols = head!.split(",");
  const [fi, bi, oi] = ["file", "lower_bound_h", "original_best_heuristic_h"].map((c) =>
    cols.indexOf(c)
  );
  for (const r of rows) {
    const f = r.split(",");
    out.set(f[fi!]!, { lower: Number(f[bi!]), original: Number(f[oi!]) });
  }
  return out;
}

/** Every bench CSV (public + seed) with its lots, smallest first. */
function benchFiles(filter: string | undefined): { name: string; lots: Lot[] }[] {
  const out: { name: string; lots: Lot[] }[] = [];
  for (const dir of ["public", "seed"]) {
    for (const e of Deno.readDirSync(`${BENCH}${dir}`)) {
      if (!e.isFile || !e.name.endsWith(".csv")) continue;
      if (filter && !e.name.includes(filter)) continue;
      const { lots, issues } = parseLotsCsv(Deno.readTextFileSync(`${BENCH}${dir}/${e.name}`));
      if (issues.length) throw new Error(`${dir}/${e.name}: ${issues[0]!.message}`);
      out.push({ name: e.name, lots });
    }
  }
  return out.sort((a, b) => a.lots.length - b.lots.length || a.name.localeCompare(b.name));
}

/** A registry whose strategies record how long their own run() took. */
function timed(strategies: readonly Strategy[]): { reg: Registry; last: () => number } {
  let lastMs = 0;
  const wrapped = strategies.map((s): Strategy => ({
    ...s,
    async run(input) {
      const t0 = performance.now();
      const out = await s.run(input);
      lastMs = performance.now() - t0;
      return out;
    },
  }));
  return { reg: new Registry(wrapped), last: () => lastMs };
}

/** A number with `d` decimals; "—" when missing; no "-0.00" from rounding noise. */
const fmt = (v: number | null | undefined, d = 2) =>
  v === null || v === undefined ? "—" : v.toFixed(d).replace(/^-(0\.?0*)$/, "$1");

async function main() {
  let args;
  try {
    args = parseArgs({
      args: Deno.args,
      options: {
        files: { type: "string" },
        strategies: { type: "string" },
        "max-lots": { type: "string" },
        repeat: { type: "string" },
        json: { type: "string" },
        "time-limit": { type: "string" },
        "milp-max-lots": { type: "string" },
        "bound-ms": { type: "string" },
        "run-bound-ms": { type: "string" },
        "binpack-per-class": { type: "string" },
        "binpack-families": { type: "string" },
        "no-binpack": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    console.error((e as Error).message);
    usage();
  }
  if (args.help) usage();
  const maxLots = args["max-lots"] ? Number(args["max-lots"]) : Infinity;
  const repeat = Math.max(1, Number(args.repeat ?? 1));
  const timeLimit = args["time-limit"] ? Number(args["time-limit"]) : null;
  const milpMaxLots = Number(args["milp-max-lots"] ?? 60);
  const boundMs = Number(args["bound-ms"] ?? 10_000);
  const runBoundMs = Number(args["run-bound-ms"] ?? DEFAULT_BOUND_MS);
  if (Number.isNaN(boundMs) || Number.isNaN(runBoundMs)) usage();
  if (Number.isNaN(milpMaxLots)) usage();
  if (Number.isNaN(maxLots) || Number.isNaN(repeat) || Number.isNaN(timeLimit)) usage();
  const perClassArg = args["binpack-per-class"] ?? "2";
  const binpackPerClass = perClassArg === "all" ? null : Number(perClassArg);
  if (binpackPerClass !== null && !(binpackPerClass >= 0)) usage();
  const strategies = args.strategies
    ? args.strategies.split(",").map((n) => registry.resolve(n))
    : [...registry.list()];
  const { reg, last } = timed(strategies);
  const refs = referenceBounds();
  const files = benchFiles(args.files).filter((f) => f.lots.length <= maxLots);
  const rows: Row[] = [];
  // The project's own bound per file, first, so every row can be held to the best bound known.
  const bounds = new Map<string, { hours: number; method: string; ms: number }>();
  if (boundMs > 0) {
    for (const f of files) {
      const t0 = performance.now();
      const lb = await computeLowerBound(f.lots, DEFAULT_CONFIG, { budgetMs: boundMs });
      bounds.set(f.name, {
        hours: lb.lowerBoundHours,
        method: lb.method,
        ms: performance.now() - t0,
      });
    }
  }
  const line = (cells: readonly unknown[]) => console.log(`| ${cells.join(" | ")} |`);
  line([
    "file",
    "lots",
    "strategy",
    "makespan h",
    "cleans",
    "changeover h",
    "gap % (ref LB, * own)",
    "gap % best LB",
    "Δ % vs orig best",
    "own bound h (method)",
    "ms run (with bound)",
    "ms strategy",
    "ms bound",
    "budget",
  ]);
  line([
    "---",
    "---:",
    "---",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---:",
    "---",
    "---:",
    "---:",
    "---:",
    "---",
  ]);
  for (const f of files) {
    const ref = refs.get(f.name);
    const mine: Row[] = [];
    for (const s of strategies) {
      const cap = s.options.find((o) => o.name === "maxLots");
      const row: Row = { file: f.name, lots: f.lots.length, strategy: s.name, skipped: false };
      rows.push(row);
      mine.push(row);
      const over = (cap && f.lots.length > Number(cap.default)) ||
        (s.name === "milp-opt" && f.lots.length > milpMaxLots);
      if (s.kind === "optimizer" && over) {
        row.skipped = true;
        continue;
      }
      const limitOption = s.options.find((o) => o.name === "timeLimitSec");
      const limitMs = limitOption ? 1000 * (timeLimit ?? Number(limitOption.default)) : null;
      for (let k = 0; k < repeat; k++) {
        const t0 = performance.now();
        const limited = timeLimit !== null && limitOption !== undefined;
        const config = limited
          ? { ...DEFAULT_CONFIG, strategyOptions: { [s.name]: { timeLimitSec: timeLimit } } }
          : DEFAULT_CONFIG;
        const sch = await runSchedule(f.lots, config, {
          strategy: s.name,
          startMs: 0,
          registry: reg,
          boundBudgetMs: runBoundMs,
        });
        const ms = performance.now() - t0;
        const overruns = row.overruns ?? [];
        if (limitMs !== null && last() > promisedMs(limitMs)) {
          overruns.push(`strategy ${last().toFixed(0)} ms > ${promisedMs(limitMs).toFixed(0)}`);
        }
        if (sch.bound.elapsedMs > promisedMs(runBoundMs)) {
          overruns.push(
            `bound ${sch.bound.elapsedMs.toFixed(0)} ms > ${promisedMs(runBoundMs).toFixed(0)}`,
          );
        }
        Object.assign(row, {
          ms: Math.min(row.ms ?? Infinity, ms),
          strategyMs: Math.min(row.strategyMs ?? Infinity, last()),
          boundMs: Math.min(row.boundMs ?? Infinity, sch.bound.elapsedMs),
          overruns,
          makespanHours: sch.kpis.makespanHours,
          cleans: sch.kpis.cleans,
          changeoverHours: sch.kpis.changeoverHours,
          gapBasis: ref ? "reference" : "own",
          ownBoundHours: sch.bound.lowerBoundHours,
          ownBoundMethod: sch.bound.method,
          status: sch.status,
        });
      }
    }
    // Every bound here is valid, so the largest one is the yardstick for the file's rows.
    const best = Math.max(
      ref?.lower ?? 0,
      bounds.get(f.name)?.hours ?? 0,
      ...mine.map((r) => r.ownBoundHours ?? 0),
    );
    for (const row of mine) {
      if (row.skipped) {
        line([f.name, f.lots.length, row.strategy, ...Array(11).fill("—")]);
        continue;
      }
      const pct = (base: number | undefined) =>
        base ? (row.makespanHours! - base) / base * 100 : null;
      row.gapPct = pct(ref?.lower ?? row.ownBoundHours);
      row.bestGapPct = pct(best);
      row.vsOriginalPct = pct(ref?.original);
      line([
        f.name,
        f.lots.length,
        row.strategy,
        fmt(row.makespanHours),
        row.cleans,
        fmt(row.changeoverHours, 0),
        fmt(row.gapPct) + (row.gapBasis === "own" ? "*" : ""),
        fmt(row.bestGapPct),
        fmt(row.vsOriginalPct),
        `${fmt(row.ownBoundHours)} (${row.ownBoundMethod})`,
        fmt(row.ms, 1),
        fmt(row.strategyMs, 1),
        fmt(row.boundMs, 1),
        row.overruns?.length ? `OVER: ${row.overruns.join("; ")}` : "ok",
      ]);
    }
  }
  console.log();
  line([
    "strategy",
    "mean gap % ≤500",
    "max gap % ≤500",
    "mean gap % all",
    "max gap % all",
    "mean / max gap % best LB ≤500",
    "mean Δ % vs orig best",
    "max ms run",
    "max ms strategy",
  ]);
  line(["---", ...Array(8).fill("---:")]);
  const mean = (xs: number[]) => xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  const max = (xs: number[]) => xs.length ? Math.max(...xs) : null;
  const pcts = (rs: Row[], key: "gapPct" | "bestGapPct" | "vsOriginalPct") =>
    rs.flatMap((r) => (typeof r[key] === "number" ? [r[key]] : []));
  for (const s of strategies) {
    const mine = rows.filter((r) => r.strategy === s.name && !r.skipped);
    const small = pcts(mine.filter((r) => r.lots <= 500), "gapPct"), all = pcts(mine, "gapPct");
    line([
      s.name,
      fmt(mean(small)),
      fmt(max(small)),
      fmt(mean(all)),
      fmt(max(all)),
      (() => {
        const b = pcts(mine.filter((r) => r.lots <= 500), "bestGapPct");
        return `${fmt(mean(b))} / ${fmt(max(b))}`;
      })(),
      fmt(mean(pcts(mine, "vsOriginalPct"))),
      fmt(max(mine.map((r) => r.ms!)), 1),
      fmt(max(mine.map((r) => r.strategyMs!)), 1),
    ]);
  }
  if (bounds.size) {
    console.log(`\nBounds (the project's own, budget ${boundMs} ms per file):\n`);
    line([
      "file",
      "lots",
      "reference LB h",
      "own LB h (method)",
      "own / reference",
      "ms",
      "budget",
    ]);
    line(["---", "---:", "---:", "---", "---:", "---:", "---"]);
    for (const f of files) {
      const b = bounds.get(f.name)!, ref = refs.get(f.name)?.lower;
      line([
        f.name,
        f.lots.length,
        fmt(ref),
        `${fmt(b.hours)} (${b.method})`,
        ref ? (b.hours / ref).toFixed(5) : "—",
        fmt(b.ms, 0),
        b.ms > promisedMs(boundMs) ? `OVER (> ${promisedMs(boundMs).toFixed(0)} ms)` : "ok",
      ]);
    }
  }
  const boundOvers = [...bounds.values()].filter((b) => b.ms > promisedMs(boundMs)).length;
  const runOvers = rows.filter((r) => r.overruns?.length).length;
  const ran = rows.filter((r) => !r.skipped).length;
  console.log(
    `\nBudget overruns (over budget + 10 % + 50 ms): ${runOvers} of ${ran} runs` +
      (bounds.size ? `, ${boundOvers} of ${bounds.size} own bounds` : ""),
  );
  if (args.json) {
    const boundRows = Object.fromEntries(bounds);
    Deno.writeTextFileSync(
      args.json,
      JSON.stringify({ repeat, rows, bounds: boundRows }, null, 2) + "\n",
    );
    console.log(`\nwrote ${args.json}`);
  }
  if (!args["no-binpack"]) {
    const families = args["binpack-families"]?.split(",").map((x) => x.trim()).filter(Boolean);
    const instances = sample(readIndex(), binpackPerClass, families);
    if (instances.length) {
      // opt-pack as a user would run it, so its rows compare with the stored old opt-pack's.
      const opts = { strategy: "opt-pack", timeLimitSec: timeLimit, boundBudgetMs: runBoundMs };
      console.log("\nClassical bin-packing families (bench/binpack), old opt-pack vs new:\n");
      console.log(familyReport(await runFamilies(instances, opts), opts));
    }
  }
}

if (import.meta.main) await main();
