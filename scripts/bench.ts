/**
 * `deno task bench`: every registered strategy on every bench file (shared/bench/public and
 * shared/bench/seed, smallest first): makespan, cleans, changeover, gap to the reference lower
 * bound, the schedule's own bound, and wall time (whole runSchedule, and the strategy alone).
 *
 * Gap % is to reference_bounds.csv's lower bound; files it does not list use the schedule's own
 * bound instead, marked `*`.
 *
 * Flags: --files <substring> --strategies a,b --max-lots N --repeat N --json out.json
 *        --time-limit SEC (sets `timeLimitSec` of strategies that declare it, e.g. optimizers)
 *        --milp-max-lots N (milp-opt runs on files up to N lots, default 60: it proves optimality
 *        there within its time limit; above, each file would just spend the whole limit)
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONFIG } from "../src/engine/config.ts";
import { parseLotsCsv } from "../src/engine/formats/lots_csv.ts";
import type { Lot } from "../src/engine/model.ts";
import { Registry, type Strategy } from "../src/engine/registry.ts";
import { runSchedule } from "../src/engine/run_schedule.ts";
import { registry } from "../src/engine/strategies/mod.ts";

const BENCH = fileURLToPath(new URL("../../shared/bench/", import.meta.url));

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
  /** Makespan vs the original system's best heuristic on this file, %. */
  vsOriginalPct?: number | null;
  ownBoundHours?: number;
  ownBoundMethod?: string;
  status?: string;
  /** Best of --repeat runs: whole runSchedule (validation, strategy, checks, KPIs, bound). */
  ms?: number;
  /** Best of --repeat runs: the strategy's run() alone. */
  strategyMs?: number;
}

function usage(): never {
  console.error(
    "Usage: deno task bench [--files SUBSTR] [--strategies a,b] [--max-lots N] [--repeat N] " +
      "[--milp-max-lots N] " +
      "[--json out.json] [--time-limit SEC]",
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
  if (Number.isNaN(milpMaxLots)) usage();
  if (Number.isNaN(maxLots) || Number.isNaN(repeat) || Number.isNaN(timeLimit)) usage();
  const strategies = args.strategies
    ? args.strategies.split(",").map((n) => registry.resolve(n))
    : [...registry.list()];
  const { reg, last } = timed(strategies);
  const refs = referenceBounds();
  const files = benchFiles(args.files).filter((f) => f.lots.length <= maxLots);
  const rows: Row[] = [];
  const line = (cells: readonly unknown[]) => console.log(`| ${cells.join(" | ")} |`);
  line([
    "file",
    "lots",
    "strategy",
    "makespan h",
    "cleans",
    "changeover h",
    "gap % (ref LB, * own)",
    "Δ % vs orig best",
    "own bound h (method)",
    "ms total",
    "ms strategy",
  ]);
  line(["---", "---:", "---", "---:", "---:", "---:", "---:", "---:", "---", "---:", "---:"]);
  for (const f of files) {
    const ref = refs.get(f.name);
    for (const s of strategies) {
      const cap = s.options.find((o) => o.name === "maxLots");
      const row: Row = { file: f.name, lots: f.lots.length, strategy: s.name, skipped: false };
      rows.push(row);
      const over = (cap && f.lots.length > Number(cap.default)) ||
        (s.name === "milp-opt" && f.lots.length > milpMaxLots);
      if (s.kind === "optimizer" && over) {
        row.skipped = true;
        line([f.name, f.lots.length, s.name, ...Array(8).fill("—")]);
        continue;
      }
      for (let k = 0; k < repeat; k++) {
        const t0 = performance.now();
        const limited = timeLimit !== null && s.options.some((o) => o.name === "timeLimitSec");
        const config = limited
          ? { ...DEFAULT_CONFIG, strategyOptions: { [s.name]: { timeLimitSec: timeLimit } } }
          : DEFAULT_CONFIG;
        const sch = await runSchedule(f.lots, config, {
          strategy: s.name,
          startMs: 0,
          registry: reg,
        });
        const ms = performance.now() - t0;
        const pct = (base: number | undefined) =>
          base ? (sch.kpis.makespanHours - base) / base * 100 : null;
        Object.assign(row, {
          ms: Math.min(row.ms ?? Infinity, ms),
          strategyMs: Math.min(row.strategyMs ?? Infinity, last()),
          makespanHours: sch.kpis.makespanHours,
          cleans: sch.kpis.cleans,
          changeoverHours: sch.kpis.changeoverHours,
          gapPct: pct(ref?.lower ?? sch.bound.lowerBoundHours),
          gapBasis: ref ? "reference" : "own",
          vsOriginalPct: pct(ref?.original),
          ownBoundHours: sch.bound.lowerBoundHours,
          ownBoundMethod: sch.bound.method,
          status: sch.status,
        });
      }
      line([
        f.name,
        f.lots.length,
        s.name,
        fmt(row.makespanHours),
        row.cleans,
        fmt(row.changeoverHours, 0),
        fmt(row.gapPct) + (row.gapBasis === "own" ? "*" : ""),
        fmt(row.vsOriginalPct),
        `${fmt(row.ownBoundHours)} (${row.ownBoundMethod})`,
        fmt(row.ms, 1),
        fmt(row.strategyMs, 1),
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
    "mean Δ % vs orig best",
    "max ms total",
    "max ms strategy",
  ]);
  line(["---", ...Array(7).fill("---:")]);
  const mean = (xs: number[]) => xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  const max = (xs: number[]) => xs.length ? Math.max(...xs) : null;
  const pcts = (rs: Row[], key: "gapPct" | "vsOriginalPct") =>
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
      fmt(mean(pcts(mine, "vsOriginalPct"))),
      fmt(max(mine.map((r) => r.ms!)), 1),
      fmt(max(mine.map((r) => r.strategyMs!)), 1),
    ]);
  }
  if (args.json) {
    Deno.writeTextFileSync(args.json, JSON.stringify({ repeat, rows }, null, 2) + "\n");
    console.log(`\nwrote ${args.json}`);
  }
}

if (import.meta.main) await main();
