/**
 * `deno task bench:budgets`: does every time budget hold? Runs computeLowerBound, opt-pack and
 * milp-opt with several budgets on seeded random instances (and any --data files) and reports
 * each run's wall time against its budget. A run over budget + 10 % + 50 ms is an overrun:
 * marked `OVER` and counted at the end (exit status 1 when there is one).
 *
 * Flags: --sizes 100,1000,5000,10000,20000   lots per generated instance
 *        --budgets 100,500,2000              budgets, ms (opt-pack and milp-opt: time limits)
 *        --targets bound,opt-pack,milp-opt   what to measure
 *        --families uniform,small            generated families (see FAMILIES)
 *        --data a.csv,b.csv                  real instances as well
 *        --seed N                            seed of the generated instances (default 1)
 *        --json out.json                     every row as JSON
 */
import { parseArgs } from "node:util";
import {
  computeLowerBound,
  DEFAULT_CONFIG,
  InputError,
  lineOf,
  type Lot,
  parseLotsCsv,
  promisedMs,
  registry,
  resolveOptions,
} from "../src/engine/mod.ts";
import { random } from "./_random.ts";

const USAGE = "Usage: deno task bench:budgets [--sizes N,..] [--budgets MS,..] " +
  "[--targets bound,opt-pack,milp-opt] [--families uniform,small] [--data F.csv,..] " +
  "[--seed N] [--json out.json]";

/**
 * Generated families (fills in hours at the default 19,920 vials/h, 8 types): "uniform" like
 * the bench's uniform files (1–115 h, about two lots per block), "small" with many short lots
 * per block (1–20 h), which makes pricing and the search work harder per block.
 */
const FAMILIES: Record<string, { minH: number; maxH: number; types: number }> = {
  uniform: { minH: 1, maxH: 115, types: 8 },
  small: { minH: 1, maxH: 20, types: 8 },
};

/** `n` random lots of `family`, the same for the same seed. */
export function generateLots(family: string, n: number, seed: number): Lot[] {
  const f = FAMILIES[family];
  if (!f) throw new Error(`unknown family ${family}; known: ${Object.keys(FAMILIES).join(", ")}`);
  const next = random(seed * 1_000_003 + n);
  return Array.from({ length: n }, (_, i) => ({
    id: `L${String(i + 1).padStart(5, "0")}`,
    type: `T${Math.floor(next() * f.types)}`,
    vials: Math.round((f.minH + next() * (f.maxH - f.minH)) * DEFAULT_CONFIG.fillRateVph),
  }));
}

interface Row {
  target: string;
  instance: string;
  lots: number;
  budgetMs: number;
  elapsedMs: number;
  over: boolean;
  /** What the run reported: bound method and whether the budget stopped it, or plan status. */
  note: string;
}

/** Runs `target` on `lots` with `budgetMs`; returns its wall time and a note. */
async function measure(target: string, lots: readonly Lot[], budgetMs: number) {
  const config = lineOf(DEFAULT_CONFIG);
  const t0 = performance.now();
  if (target === "bound") {
    const lb = await computeLowerBound(lots, config, { budgetMs });
    const ms = performance.now() - t0;
    return { ms, note: `${lb.method}${lb.stoppedByBudget ? ", stopped by budget" : ""}` };
  }
  const strategy = registry.resolve(target);
  const raw = strategy.name === "milp-opt"
    ? { timeLimitSec: budgetMs / 1000, maxLots: Math.max(lots.length, 1) }
    : { timeLimitSec: budgetMs / 1000 };
  const { options, errors } = resolveOptions(strategy, raw);
  if (errors.length) throw new Error(`${target}: ${errors.map((e) => e.message).join("; ")}`);
  try {
    const out = await strategy.run({ lots, config, options });
    const ms = performance.now() - t0;
    return { ms, note: `${out.status ?? "heuristic"}, ${out.plan.length} blocks` };
  } catch (e) {
    // A limit the strategy knows it cannot keep is refused at once, with what it needs.
    if (!(e instanceof InputError)) throw e;
    return { ms: performance.now() - t0, note: `refused: ${e.issues[0]?.message ?? e.message}` };
  }
}

const list = (v: string | undefined, fallback: string) =>
  (v ?? fallback).split(",").filter(Boolean);

async function main() {
  let args;
  try {
    args = parseArgs({
      args: Deno.args,
      options: {
        sizes: { type: "string" },
        budgets: { type: "string" },
        targets: { type: "string" },
        families: { type: "string" },
        data: { type: "string" },
        seed: { type: "string" },
        json: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const sizes = list(args.sizes, "100,1000,5000,10000,20000").map(Number);
  const budgets = list(args.budgets, "100,500,2000").map(Number);
  const seed = Number(args.seed ?? 1);
  if ([...sizes, ...budgets, seed].some((v) => !Number.isFinite(v) || v < 0)) {
    console.error(`sizes, budgets and seed must be numbers ≥ 0\n${USAGE}`);
    Deno.exit(2);
  }
  const instances: { name: string; lots: Lot[] }[] = [];
  for (const family of list(args.families, "uniform,small")) {
    for (const n of sizes) {
      instances.push({ name: `${family}-${n}`, lots: generateLots(family, n, seed) });
    }
  }
  for (const file of list(args.data, "")) {
    const { lots, issues } = parseLotsCsv(Deno.readTextFileSync(file));
    if (issues.length) throw new Error(`${file}: ${issues[0]!.message}`);
    instances.push({ name: file.split("/").pop()!, lots });
  }
  console.log(
    `# Budget overruns: ${new Date().toISOString()}, ${navigator.hardwareConcurrency} CPUs, ` +
      `seed ${seed}; allowed = budget + 10 % + 50 ms\n`,
  );
  const line = (cells: readonly unknown[]) => console.log(`| ${cells.join(" | ")} |`);
  line(["target", "instance", "lots", "budget ms", "elapsed ms", "allowed ms", "", "note"]);
  line(["---", "---", "---:", "---:", "---:", "---:", "---", "---"]);
  const rows: Row[] = [];
  for (const target of list(args.targets, "bound,opt-pack,milp-opt")) {
    for (const inst of instances) {
      for (const budgetMs of budgets) {
        // milp-opt's time limit starts at 0.1 s.
        const b = target === "milp-opt" ? Math.max(100, budgetMs) : budgetMs;
        const { ms, note } = await measure(target, inst.lots, b);
        const over = ms > promisedMs(b);
        rows.push({
          target,
          instance: inst.name,
          lots: inst.lots.length,
          budgetMs: b,
          elapsedMs: ms,
          over,
          note,
        });
        line([
          target,
          inst.name,
          inst.lots.length,
          b,
          ms.toFixed(0),
          promisedMs(b).toFixed(0),
          over ? "OVER" : "",
          note,
        ]);
      }
    }
  }
  const overs = rows.filter((r) => r.over);
  const worst = rows.reduce((w, r) => Math.max(w, r.elapsedMs - r.budgetMs), -Infinity);
  console.log(
    `\n${overs.length} of ${rows.length} runs over budget + 10 % + 50 ms` +
      ` (largest excess over the budget itself: ${worst.toFixed(0)} ms)`,
  );
  if (args.json) Deno.writeTextFileSync(args.json, JSON.stringify({ seed, rows }, null, 2) + "\n");
  if (overs.length) Deno.exitCode = 1;
}

if (import.meta.main) await main();
