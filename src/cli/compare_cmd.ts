/** `compare`: the given order and several strategies on the same lots, with deltas, gaps and the best. */
import {
  comparedNames,
  compareStrategies,
  formatComparisonCsv,
  type Registry,
  registry as defaultRegistry,
} from "../engine/mod.ts";
import { EXIT, printIssues, runCommand, UsageError } from "./command.ts";
import { CONFIG_FLAGS } from "./config_flags.ts";
import { str } from "./flags.ts";
import { DEFAULT_BOUND_MS, parseRunFlags, RUN_FLAGS, RUN_USAGE_END } from "./run_flags.ts";
import type { CliIo } from "./io.ts";
import { stoppableRun } from "./run_options.ts";
import { readRunInputs } from "./read_inputs.ts";
import { writeScheduleFiles } from "./write_outputs.ts";
import { compareKpiTable } from "./kpi_table.ts";
import { ProgressLine } from "./progress_line.ts";
import { comparisonReportHtml, comparisonReportInputOf } from "../reports/comparison_report.ts";
import { formatInstant } from "../engine/mod.ts";

export const COMPARE_USAGE =
  `Usage: deno task compare --data LOTS.csv [--strategies a,b,...|all] [options]

Runs the given order and each strategy on the same lots; prints KPIs with deltas against the
given order and the gap to the best lower bound, marks the best run, and writes
DIR/kpis_all_runs.csv plus DIR/<strategy>/{schedule.csv,summary.txt,schedule.json}.

Options:
  --data F                   lots CSV (columns Lot ID, Type, Vials)   [required]
  --strategies LIST          comma-separated names or aliases, or "all" (default: all)
  --out DIR                  output folder (default: out)
  --sequence F               CSV with a Lot ID column: the order for given-order
  --bound-ms N               time for each run's lower bound, ms (default: ${DEFAULT_BOUND_MS})
  --report                   also write DIR/report.html (bars with the bound line, KPI table)
${RUN_USAGE_END}`;

const FLAGS = {
  ...CONFIG_FLAGS,
  ...RUN_FLAGS,
  strategies: { type: "string", short: "s" },
  report: { type: "boolean" },
} as const;

/** Reads `--strategies`: "all" or a comma-separated list (empty items ignored). */
export function strategyList(v: string | undefined): string[] | "all" {
  if (v === undefined || v.trim().toLowerCase() === "all") return "all";
  const names = v.split(",").map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new UsageError("--strategies needs names, e.g. smart,spt or all");
  return names;
}

/** Runs `compare` with `args`; returns the exit code. */
export function compareCommand(
  args: readonly string[],
  io: CliIo,
  registry: Registry = defaultRegistry,
): Promise<number> {
  return runCommand(io, COMPARE_USAGE, async () => {
    const run = parseRunFlags(args, FLAGS, COMPARE_USAGE, registry, io);
    if (!run) return EXIT.ok;
    const { values, data, budgetMs: budget } = run;
    const names = strategyList(str(values.strategies));
    const { config, lots, sequence } = await readRunInputs(
      values,
      data,
      io,
      registry,
      comparedNames(names, registry),
    );
    const progress = new ProgressLine(io);
    const result = await stoppableRun(
      io,
      { registry, budgetMs: budget, sequence },
      (opts) =>
        compareStrategies(lots, config, {
          ...opts,
          strategies: names,
          onProgress: (u) =>
            progress.update(
              `[${u.run + 1}/${u.runs} ${u.strategy}] ${Math.round(u.overallPercent)}% overall, ` +
                `${u.phase} ${u.message}`,
            ),
        }),
    );
    progress.done(`compared ${result.runs.length} runs`);
    const out = (str(values.out) ?? "out").replace(/\/+$/, "") || ".";
    const opts = { timeZone: config.timeZone, generatedAt: io.now() };
    await Deno.mkdir(out, { recursive: true });
    const csv = `${out}/kpis_all_runs.csv`;
    await Deno.writeTextFile(csv, formatComparisonCsv(result));
    for (const run of result.runs) {
      if (run.schedule) await writeScheduleFiles(`${out}/${run.strategy}`, run.schedule, opts);
      printIssues(io, run.schedule?.validation.warnings ?? [], `warning (${run.strategy})`);
    }
    io.out(compareKpiTable(result));
    if (values.report) {
      const report = `${out}/report.html`;
      const input = comparisonReportInputOf(result, lots.length, config.timeZone);
      await Deno.writeTextFile(
        report,
        comparisonReportHtml(input, formatInstant(io.now(), config.timeZone)),
      );
      io.out(`wrote ${report}\n`);
    }
    io.out(`wrote ${csv} and ${out}/<strategy>/{schedule.csv,summary.txt,schedule.json}\n`);
    return result.best ? EXIT.ok : EXIT.invalid;
  });
}
