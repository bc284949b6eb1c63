/** Comparison → `kpis_all_runs.csv`: one row per run with deltas against the given order. */
import type { CompareResult } from "../model.ts";
import { csvLine, fixed } from "./_text.ts";

/** Header of the comparison CSV. */
export const COMPARISON_CSV_COLUMNS = [
  "Strategy",
  "Status",
  "Makespan h",
  "Cleans",
  "Changeover h",
  "Fill h",
  "Clean h",
  "Utilization %",
  "Lower bound h",
  "Gap %",
  "Proven optimal",
  "Delta makespan h",
  "Delta cleans",
  "Delta changeover h",
  "Best",
  "Elapsed ms",
  "Error",
] as const;

/** Every run of a comparison as CSV text; failed runs keep their row with the error. */
export function formatComparisonCsv(result: CompareResult): string {
  const lines = [csvLine(COMPARISON_CSV_COLUMNS)];
  for (const r of result.runs) {
    const s = r.schedule;
    const k = s?.kpis;
    const d = r.delta;
    lines.push(csvLine([
      r.strategy,
      s ? s.status : "error",
      k ? fixed(k.makespanHours, 4) : "",
      k ? k.cleans : "",
      k ? fixed(k.changeoverHours, 4) : "",
      k ? fixed(k.fillHours, 4) : "",
      k ? fixed(k.cleanHours, 4) : "",
      k ? fixed(k.utilization * 100, 2) : "",
      s ? fixed(s.bound.lowerBoundHours, 4) : "",
      s ? fixed(s.bound.gapPct, 4) : "",
      s ? String(s.bound.provenOptimal) : "",
      d ? fixed(d.makespanHours, 4) : "",
      d ? d.cleans : "",
      d ? fixed(d.changeoverHours, 4) : "",
      r.strategy === result.best ? "yes" : "",
      s ? Math.round(s.elapsedMs) : "",
      r.error ?? "",
    ]));
  }
  return lines.join("\n") + "\n";
}
