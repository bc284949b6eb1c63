/** The HTML report of a comparison: makespan bars with the bound line and the KPI table. */
import { type CompareResult, formatInstant, type Kpis } from "../engine/core.ts";
import { comparisonBarsSvg } from "./comparison_svg.ts";
import { esc } from "./svg.ts";
import { h, p, reportPage } from "./report_page.ts";

/** What the report needs of a comparison (the API's ComparisonView fits). */
export interface ComparisonReportInput {
  readonly name: string | null;
  readonly lotCount: number;
  readonly startAt: string;
  readonly baseline: string;
  readonly best: string | null;
  readonly lowerBoundHours: number | null;
  readonly boundMethod: string | null;
  readonly runs: readonly {
    readonly strategy: string;
    readonly kpis: Omit<Kpis, "blocks"> | null;
    readonly delta: { makespanHours: number; cleans: number; changeoverHours: number } | null;
    readonly gapPct: number | null;
    readonly provenOptimal: boolean;
    readonly elapsedMs: number | null;
    readonly error: string | null;
  }[];
}

export function comparisonReportHtml(c: ComparisonReportInput, generatedAt: string): string {
  const rows = c.runs.map((r) => {
    const k = r.kpis;
    return `<tr${r.strategy === c.best ? ' class="best"' : ""}><td>${esc(r.strategy)}${
      r.strategy === c.best ? " ★ best" : ""
    }</td><td class="num">${h(k?.makespanHours)}</td><td class="num">${
      h(r.delta?.makespanHours)
    }</td><td class="num">${k?.cleans ?? "–"}</td><td class="num">${
      r.delta?.cleans ?? "–"
    }</td><td class="num">${h(k?.changeoverHours)}</td><td class="num">${
      p(k ? k.utilization * 100 : null)
    }</td><td class="num">${p(r.gapPct, 2)}${r.provenOptimal ? " opt" : ""}</td><td class="num">${
      r.elapsedMs === null ? "–" : `${(r.elapsedMs / 1000).toFixed(2)} s`
    }</td><td>${esc(r.error ?? "")}</td></tr>`;
  }).join("\n");
  const body = `
<section><h2>Makespan per strategy</h2>
${comparisonBarsSvg(c)}
<p class="muted">Dashed line: the best lower bound any run proved, ${h(c.lowerBoundHours)} (${
    esc(c.boundMethod ?? "–")
  }). ★ marks the best run.</p></section>
<section><h2>KPIs (Δ against ${esc(c.baseline)})</h2>
<table><thead><tr><th>Strategy</th><th>Makespan</th><th>Δ</th><th>Cleans</th><th>Δ</th><th>Changeovers</th><th>Utilisation</th><th>Gap</th><th>Time</th><th>Error</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
  return reportPage(
    `Comparison${c.name ? ` ${c.name}` : ""}`,
    `${c.lotCount} lots · start ${c.startAt} · generated ${generatedAt}`,
    body,
  );
}

/** The report input of an engine comparison (the CLI's `compare --report`). */
export function comparisonReportInputOf(
  r: CompareResult,
  lotCount: number,
  timeZone: string,
): ComparisonReportInput {
  return {
    name: null,
    lotCount,
    startAt: formatInstant(r.startMs, timeZone),
    baseline: r.baseline,
    best: r.best,
    lowerBoundHours: r.lowerBoundHours,
    boundMethod: r.boundMethod,
    runs: r.runs.map((run) => ({
      strategy: run.strategy,
      kpis: run.schedule?.kpis ?? null,
      delta: run.delta,
      gapPct: run.gapPct,
      provenOptimal: run.provenOptimal,
      elapsedMs: run.schedule?.elapsedMs ?? null,
      error: run.error,
    })),
  };
}
