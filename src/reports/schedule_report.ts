/** The HTML report of one schedule: KPIs, bound and gap, Gantt, window use, validation, blocks. */
import { formatInstant, type Schedule } from "../engine/core.ts";
import type { Explanation, ScheduleLineage } from "../engine/mod.ts";
import { esc, ganttSvg, windowUseSvg } from "./svg.ts";
import { h, kpiGrid, p, reportPage } from "./report_page.ts";

export interface ScheduleReportInput {
  readonly schedule: Schedule;
  readonly timeZone: string;
  readonly name?: string | null | undefined;
  /** When the report is made, epoch ms (shown in the subtitle). */
  readonly generatedAt: number;
  /** Why each CLEAN and why the plan cannot be better, shown when given. */
  readonly explanation?: Explanation | undefined;
  /** The version and fingerprints, so a signed-off plan can be traced. */
  readonly lineage?: ScheduleLineage | undefined;
}

/** One line naming the version and its fingerprints. */
function lineageLine(l: ScheduleLineage): string {
  return `<p class="muted" data-lineage>Version ${l.version}${
    l.parentId ? ` (parent ${esc(l.parentId)})` : ""
  } · input sha256 <code>${esc(l.inputHash)}</code> · config sha256 <code>${
    esc(l.configHash)
  }</code> · engine ${esc(l.engineVersion)}</p>`;
}

/** The explanation as a report section: the certificate, then one line per CLEAN. */
function whySection(e: Explanation): string {
  const li = (t: string) => `<li>${esc(t)}</li>`;
  return `<section class="page"><h2>Why the plan cannot be better</h2>
<ol>${e.certificate.steps.map(li).join("")}</ol>
<h2>Why each CLEAN</h2>
<ul>${e.cleans.map((c) => li(c.sentence)).join("")}</ul></section>`;
}

/** A self-contained HTML document (inline CSS and SVG) that prints on A4 landscape. */
export function scheduleReportHtml(r: ScheduleReportInput): string {
  const s = r.schedule, k = s.kpis, b = s.bound;
  const at = (ms: number) => formatInstant(ms, r.timeZone);
  const end = s.startMs + k.makespanHours * 3_600_000;
  const badge = b.provenOptimal
    ? `<span class="badge opt">proven optimal</span>`
    : `<span class="badge gap">gap ${p(b.gapPct, 2)} to the ${esc(b.method)} bound</span>`;
  const v = s.validation;
  const issues = v.errors.length || v.warnings.length
    ? `<ul class="issues">${
      v.errors.map((e) => `<li class="error">${esc(e.message)}</li>`).join("")
    }${v.warnings.map((e) => `<li class="warning">${esc(e.message)}</li>`).join("")}</ul>`
    : "<p>No errors, no warnings: the schedule passed every rule.</p>";
  const blocks = k.blocks.map((bl) =>
    `<tr><td class="num">${
      bl.index + 1
    }</td><td class="num">${bl.lotIds.length}</td><td class="num">${bl.types}</td><td class="num">${
      h(bl.fillHours)
    }</td><td class="num">${h(bl.changeoverHours)}</td><td class="num">${
      h(bl.usedHours)
    }</td><td class="num">${p(bl.windowUse * 100)}</td></tr>`
  ).join("\n");
  const body = `
<section><h2>Key figures ${badge}</h2>
${
    kpiGrid([
      ["Makespan", h(k.makespanHours)],
      ["Lower bound", `${h(b.lowerBoundHours)} (${b.method})`],
      ["Gap", p(b.gapPct, 2)],
      ["Lots", String(k.lots)],
      ["Cleans (blocks)", String(k.cleans)],
      ["Fill", h(k.fillHours)],
      ["Changeovers", h(k.changeoverHours)],
      ["Cleaning", h(k.cleanHours)],
      ["Utilisation", p(k.utilization * 100)],
      ["Solver status", s.status],
      ...(s.calendar?.length ? [["Idle (calendar)", h(k.idleHours)] as [string, string]] : []),
      ...(k.due
        ? [
          ["On time", `${k.due.onTime} of ${k.due.lotsWithDue}`],
          ["Late lots", String(k.due.late)],
          ["Weighted tardiness", h(k.due.weightedTardinessHours)],
        ] as [string, string][]
        : []),
      ...(b.tardiness
        ? [[
          "Tardiness bound",
          `${h(b.tardiness.lowerBoundHours)} (${b.tardiness.method})`,
        ] as [string, string]]
        : []),
    ])
  }
<p class="muted">From ${esc(at(s.startMs))} to ${esc(at(end))} (${esc(r.timeZone)}).</p>${
    r.lineage ? lineageLine(r.lineage) : ""
  }</section>
<section><h2>Gantt</h2>
${
    ganttSvg(s.activities, {
      startMs: s.startMs,
      timeZone: r.timeZone,
      ...(s.calendar ? { downtimes: s.calendar } : {}),
      ...(k.due ? { due: k.due.lots } : {}),
    })
  }
<p class="muted">Rows: CLEAN, changeovers, then fills per lot type; dashed lines mark block boundaries${
    s.calendar?.length ? "; hatched bands are the line's unavailable intervals" : ""
  }${k.due?.late ? "; late lots are outlined in red" : ""}.</p></section>
<section><h2>Window use per block</h2>
${windowUseSvg(k.blocks)}</section>
<section><h2>Validation</h2>${issues}</section>
<section class="page"><h2>Blocks</h2>
<table><thead><tr><th>Block</th><th>Lots</th><th>Types</th><th>Fill</th><th>Changeovers</th><th>Used</th><th>Window use</th></tr></thead>
<tbody>${blocks}</tbody></table></section>${r.explanation ? whySection(r.explanation) : ""}`;
  return reportPage(
    `Schedule${r.name ? ` ${r.name}` : ""}: ${s.strategy}`,
    `${k.lots} lots · generated ${
      at(r.generatedAt)
    } · line: ${s.config.fillRateVph} vials/h, CLEAN ${s.config.cleanHours} h, window ${s.config.windowHours} h, changeover ${s.config.chgSameHours}/${s.config.chgDiffHours} h`,
    body,
  );
}
