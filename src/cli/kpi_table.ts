/** Plain-text tables of KPIs for the terminal. */
import { boundVerdict, type CompareResult, type Schedule } from "../engine/mod.ts";

const f2 = (n: number) => n.toFixed(2);
const signed = (n: number, digits = 2) => {
  const s = n.toFixed(digits);
  return Number(s) === 0 ? s.replace(/^-/, "") : n > 0 ? `+${s}` : s;
};

/** KPIs of one schedule as aligned `label  value` lines. */
export function scheduleKpiTable(s: Schedule): string {
  const k = s.kpis;
  const rows: [string, string][] = [
    ["strategy", `${s.strategy} (${s.status})`],
    ["lots", String(k.lots)],
    ["makespan", `${f2(k.makespanHours)} h`],
    ["cleans (blocks)", String(k.cleans)],
    ["changeover", `${f2(k.changeoverHours)} h`],
    ["fill", `${f2(k.fillHours)} h`],
    ["clean", `${f2(k.cleanHours)} h`],
    ["utilization", `${(k.utilization * 100).toFixed(1)}%`],
    ...(s.calendar?.length
      ? [["idle (calendar)", `${f2(k.idleHours)} h around ${s.calendar.length} downtime(s)`]] as [
        string,
        string,
      ][]
      : []),
    ...dueRows(s),
    ["lower bound", `${f2(s.bound.lowerBoundHours)} h (${s.bound.method})`],
    ["gap", `${f2(s.bound.gapPct)}%`],
    ["proven optimal", s.bound.provenOptimal ? "yes" : "no"],
    ["verdict", boundVerdict(s)],
    ["elapsed", `${Math.round(s.elapsedMs)} ms`],
    [
      "bound time",
      `${Math.round(s.bound.elapsedMs)} ms${
        s.bound.stoppedByBudget ? " (stopped by its budget)" : ""
      }`,
    ],
  ];
  return rows.map(([l, v]) => `${l.padEnd(16)} ${v}`).join("\n") + "\n";
}

/** Objective, lateness against due dates and the tardiness bound, when the run has them. */
function dueRows(s: Schedule): [string, string][] {
  const rows: [string, string][] = [];
  if (s.objective && s.objective !== "makespan") rows.push(["objective", s.objective]);
  const d = s.kpis.due;
  if (d) {
    rows.push(
      ["on time", `${d.onTime} of ${d.lotsWithDue} lots with a due date (${d.late} late)`],
      ["tardiness", `${f2(d.tardinessHours)} h (weighted ${f2(d.weightedTardinessHours)} h)`],
      ["max lateness", `${f2(d.maxLatenessHours)} h`],
    );
  }
  const t = s.bound.tardiness;
  if (t) rows.push(["tardiness bound", `${f2(t.lowerBoundHours)} h weighted (${t.method})`]);
  return rows;
}

function table(header: string[], rows: string[][], rightFrom: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i >= rightFrom ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ")
      .trimEnd();
  return [
    line(header),
    line(widths.map((w, i) => (header[i] ? "-" : " ").repeat(w))),
    ...rows.map(line),
  ].join("\n") +
    "\n";
}

/** Every run of a comparison: KPIs, deltas vs the given order, gap to the best bound, best marked. */
export function compareKpiTable(r: CompareResult): string {
  const header = [
    "",
    "strategy",
    "makespan h",
    "Δ h",
    "cleans",
    "Δ",
    "changeover h",
    "Δ h",
    "util %",
    "gap %",
    "time s",
  ];
  const rows = r.runs.map((run) => {
    const s = run.schedule;
    const mark = run.strategy === r.best ? "*" : "";
    if (!s) return [mark, run.strategy, "failed", "", "", "", "", "", "", "", ""];
    const d = run.delta;
    return [
      mark,
      run.strategy,
      f2(s.kpis.makespanHours),
      d ? signed(d.makespanHours) : "",
      String(s.kpis.cleans),
      d ? signed(d.cleans, 0) : "",
      f2(s.kpis.changeoverHours),
      d ? signed(d.changeoverHours) : "",
      (s.kpis.utilization * 100).toFixed(1),
      run.provenOptimal ? "0.00 opt" : f2(run.gapPct ?? 0),
      (s.elapsedMs / 1000).toFixed(2),
    ];
  });
  const notes = [
    `lower bound ${f2(r.lowerBoundHours)} h (${r.boundMethod}); Δ = against ${r.baseline}; ` +
    `opt = proven optimal`,
    r.best ? `* best: ${r.best}` : "no run succeeded",
    ...r.runs.filter((x) => x.error).map((x) => `${x.strategy} failed: ${x.error}`),
  ];
  return table(header, rows, 2) + notes.join("\n") + "\n";
}
