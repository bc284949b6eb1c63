/** `schedule`: lots CSV → one schedule → schedule.csv, summary.txt, schedule.json and a KPI table. */
import {
  explainSchedule,
  explanationText,
  fingerprints,
  needsPrices,
  priceCertificate,
  type Registry,
  registry as defaultRegistry,
  runSchedule,
} from "../engine/mod.ts";
import { EXIT, printIssues, runCommand, UsageError } from "./command.ts";
import { insertFromFile, replanFromFile } from "./replan_run.ts";
import { CONFIG_FLAGS } from "./config_flags.ts";
import { str } from "./flags.ts";
import { DEFAULT_BOUND_MS, parseRunFlags, RUN_FLAGS, RUN_USAGE_END } from "./run_flags.ts";
import type { CliIo } from "./io.ts";
import { stoppableRun } from "./run_options.ts";
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
  --replan-from F            re-plan the schedule.json F from --now with the lots of --data as
                             they are now (added, removed, vials changed); what has started by
                             then is kept exactly
  --now T                    the instant to re-plan from (as --start; default: the clock)
  --freeze-block             keep the rest of the block running at --now as well
  --keep-order-within H      non-disruptive: keep F's order unless re-optimizing saves more
                             than H hours
  --insert "LOT,TYPE,VIALS"  with --replan-from: rank the places for one rush lot (after what
                             has started by --now, if given) without re-planning
  --top N                    places listed by --insert (default: 10)
  --apply K                  write the schedule with the rush lot at the K-th place
${RUN_USAGE_END}`;

const FLAGS = {
  ...CONFIG_FLAGS,
  ...RUN_FLAGS,
  explain: { type: "boolean" },
  report: { type: "boolean" },
  "replan-from": { type: "string" },
  now: { type: "string" },
  "freeze-block": { type: "boolean" },
  "keep-order-within": { type: "string" },
  insert: { type: "string" },
  top: { type: "string" },
  apply: { type: "string" },
} as const;

/** Runs `schedule` with `args`; returns the exit code. */
export function scheduleCommand(
  args: readonly string[],
  io: CliIo,
  registry: Registry = defaultRegistry,
): Promise<number> {
  return runCommand(io, SCHEDULE_USAGE, async () => {
    const run = parseRunFlags(args, FLAGS, SCHEDULE_USAGE, registry, io, (v) => !v.insert);
    if (!run) return EXIT.ok;
    const { values, data, budgetMs: budget } = run;
    if (values.insert || values["replan-from"]) {
      if (!values["replan-from"]) {
        throw new UsageError("--insert needs --replan-from SCHEDULE.json");
      }
      const paths = values.insert
        ? await insertFromFile(values, budget, io, registry)
        : await replanFromFile(values, data, budget, io, registry);
      if (paths.length) io.out(`wrote ${paths.join(", ")}\n`);
      return EXIT.ok;
    }
    for (const f of ["now", "freeze-block", "keep-order-within", "top", "apply"]) {
      if (values[f] !== undefined) throw new UsageError(`--${f} needs --replan-from SCHEDULE.json`);
    }
    const flags = { ...values };
    // A sequence file only means something to the given order.
    if (str(values.sequence) && !flags.strategy) flags.strategy = "given-order";
    const { config, lots, sequence } = await readRunInputs(flags, data, io, registry);
    const strategy = registry.resolve(config.strategy);
    if (sequence && strategy.name !== "given-order") {
      io.err(`warning: --sequence only orders given-order; ${strategy.name} ignores it\n`);
    }
    const progress = new ProgressLine(io);
    const schedule = await stoppableRun(
      io,
      { registry, budgetMs: budget, sequence },
      (opts) =>
        runSchedule(lots, config, {
          ...opts,
          strategy: strategy.name,
          onProgress: (u) =>
            progress.update(
              `${strategy.name}: ${
                u.percent !== undefined ? `${Math.round(u.percent)}% ` : ""
              }${u.phase} ${u.message}`,
            ),
        }),
    );
    progress.done(`${strategy.name}: done`);
    const out = str(values.out) ?? "out";
    const lineage = {
      version: 1,
      scheduleId: null,
      parentId: null,
      ...await fingerprints(lots, config),
    };
    const paths = await writeScheduleFiles(out, schedule, {
      timeZone: config.timeZone,
      generatedAt: io.now(),
      lineage,
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
          lineage,
        }),
      );
      paths.push(report);
    }
    io.out(`wrote ${paths.join(", ")}\n`);
    return EXIT.ok;
  });
}
