/** `schedule`: lots CSV → one schedule → schedule.csv, summary.txt, schedule.json and a KPI table. */
import {
  explainSchedule,
  explanationText,
  needsPrices,
  priceCertificate,
  type Registry,
  registry as defaultRegistry,
  runSchedule,
} from "../engine/mod.ts";
import { EXIT, printIssues, runCommand } from "./command.ts";
import { CONFIG_FLAGS, configFlagsHelp } from "./config_flags.ts";
import { str } from "./flags.ts";
import { DEFAULT_BOUND_MS, parseRunFlags, RUN_FLAGS } from "./run_flags.ts";
import { type CliIo, stoppableBy } from "./io.ts";
import { readRunInputs } from "./read_inputs.ts";
import { writeScheduleFiles } from "./write_outputs.ts";
import { scheduleKpiTable } from "./kpi_table.ts";
import { ProgressLine } from "./progress_line.ts";
import { scheduleReportHtml } from "../reports/schedule_report.ts";

export const SCHEDULE_USAGE = `Usage: deno task schedule --data LOTS.csv [options]

Plans the lots with one strategy and writes schedule.csv, summary.txt and schedule.json.

Options:
  --data F                   lots CSV (columns Lot ID, Type, Vials)   [required]
  --out DIR                  output folder (default: out)
  --sequence F               CSV with a Lot ID column: the order for given-order
  --bound-ms N               time for the lower bound, ms (default: ${DEFAULT_BOUND_MS})
  --report                   also write DIR/report.html (Gantt, window use, KPIs, bound; prints
                             on A4 landscape)
  --explain                  explain the plan (why each CLEAN, why it cannot be better, with the
                             lots' prices when the continuous bound does not prove it): printed
                             and added to summary.txt
  -h, --help                 show this help
${configFlagsHelp()}

Ctrl-C stops a search early and keeps its best plan (marked stopped); a second Ctrl-C quits.

Exit status: 0 done, 1 invalid input or config, 2 usage error, 130 quit by Ctrl-C.
`;

const FLAGS = {
  ...CONFIG_FLAGS,
  ...RUN_FLAGS,
  explain: { type: "boolean" },
  report: { type: "boolean" },
} as const;

/** Runs `schedule` with `args`; returns the exit code. */
export function scheduleCommand(
  args: readonly string[],
  io: CliIo,
  registry: Registry = defaultRegistry,
): Promise<number> {
  return runCommand(io, SCHEDULE_USAGE, async () => {
    const run = parseRunFlags(args, FLAGS, SCHEDULE_USAGE, registry, io);
    if (!run) return EXIT.ok;
    const { values, data, budgetMs: budget } = run;
    const flags = { ...values };
    // A sequence file only means something to the given order.
    if (str(values.sequence) && !flags.strategy) flags.strategy = "given-order";
    const { config, lots, sequence } = await readRunInputs(flags, data, io, registry);
    const strategy = registry.resolve(config.strategy);
    if (sequence && strategy.name !== "given-order") {
      io.err(`warning: --sequence only orders given-order; ${strategy.name} ignores it\n`);
    }
    const progress = new ProgressLine(io);
    const schedule = await stoppableBy(io, (stop) =>
      runSchedule(lots, config, {
        strategy: strategy.name,
        registry,
        boundBudgetMs: budget,
        now: io.now,
        stop,
        ...(sequence ? { sequence } : {}),
        onProgress: (u) =>
          progress.update(
            `${strategy.name}: ${
              u.percent !== undefined ? `${Math.round(u.percent)}% ` : ""
            }${u.phase} ${u.message}`,
          ),
      }));
    progress.done(`${strategy.name}: done`);
    const out = str(values.out) ?? "out";
    const paths = await writeScheduleFiles(out, schedule, {
      timeZone: config.timeZone,
      generatedAt: io.now(),
    });
    printIssues(io, schedule.validation.warnings, "warning");
    io.out(scheduleKpiTable(schedule));
    // Explained only when asked for: the report has a Why page, --explain prices the lots too.
    const explanation = values.explain
      ? explainSchedule(
        schedule,
        strategy.kind,
        needsPrices(schedule) ? await priceCertificate(lots, config, Math.max(budget, 500)) : null,
      )
      : values.report
      ? explainSchedule(schedule, strategy.kind)
      : undefined;
    if (explanation && values.explain) {
      const text = explanationText(explanation);
      const summary = paths.find((p) => p.endsWith("summary.txt"))!;
      await Deno.writeTextFile(summary, `\n${text}`, { append: true });
      io.out(`\n${text}`);
    }
    if (values.report) {
      const report = `${out.replace(/\/+$/, "") || "."}/report.html`;
      await Deno.writeTextFile(
        report,
        scheduleReportHtml({
          schedule,
          timeZone: config.timeZone,
          generatedAt: io.now(),
          explanation,
        }),
      );
      paths.push(report);
    }
    io.out(`wrote ${paths.join(", ")}\n`);
    return EXIT.ok;
  });
}
