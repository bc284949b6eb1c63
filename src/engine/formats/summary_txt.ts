/** Schedule → a plain-text summary for people: KPIs, bound and gap, blocks, errors and warnings. */
import type { Issue, Schedule } from "../model.ts";
import { addHours, formatInstant } from "../time.ts";
import type { ExportOptions } from "./schedule_json.ts";
import { fixed } from "./_text.ts";

function issueLines(title: string, issues: readonly Issue[]): string[] {
  if (!issues.length) return [`${title}: none`];
  return [`${title} (${issues.length}):`, ...issues.map((i) => `  - ${i.message}`)];
}

/** A one-line verdict on the bound: "proven optimal" or the gap to the lower bound. */
export function boundVerdict(schedule: Pick<Schedule, "bound">): string {
  const b = schedule.bound;
  return b.provenOptimal
    ? `proven optimal (equals the ${b.method} lower bound ${fixed(b.lowerBoundHours)} h)`
    : `gap ${fixed(b.gapPct)}% to the ${b.method} lower bound ${fixed(b.lowerBoundHours)} h`;
}

/** Version and fingerprints, when the exporter knows them. */
function lineageLines(opts: ExportOptions): string[] {
  const l = opts.lineage;
  if (!l) return [];
  return [
    "Version",
    `  ${"version".padEnd(18)} ${l.version}${l.scheduleId ? ` (schedule ${l.scheduleId})` : ""}`,
    ...(l.parentId ? [`  ${"parent".padEnd(18)} ${l.parentId}`] : []),
    `  ${"input sha256".padEnd(18)} ${l.inputHash}`,
    `  ${"config sha256".padEnd(18)} ${l.configHash}`,
    `  ${"engine".padEnd(18)} ${l.engineVersion}`,
    "",
  ];
}

/** The calendar's downtimes over the schedule and the hours the line stood. */
function calendarLines(schedule: Schedule, at: (h: number) => string): string[] {
  const downtimes = schedule.calendar ?? [];
  if (!downtimes.length) return [];
  return [
    `Calendar (${downtimes.length} unavailable interval${downtimes.length === 1 ? "" : "s"}, ` +
    `line idle ${fixed(schedule.kpis.idleHours)} h)`,
    ...downtimes.map((d) =>
      `  ${at(d.startH)} – ${at(d.endH)}  ${fixed(d.endH - d.startH).padStart(7)} h` +
      (d.reason ? `  ${d.reason}` : "")
    ),
    "",
  ];
}

/** Lateness against due dates, the objective and its tardiness bound; the late lots by name. */
function dueLines(schedule: Schedule, at: (h: number) => string): string[] {
  const due = schedule.kpis.due;
  const t = schedule.bound.tardiness;
  const out: string[] = [];
  if (schedule.objective && schedule.objective !== "makespan") {
    out.push(`Objective          ${schedule.objective}`);
  }
  if (!due) return out.length ? [...out, ""] : [];
  const late = due.lots.filter((d) => d.tardinessH > 0);
  out.push(
    `Due dates (${due.lotsWithDue} lots with one)`,
    `  ${"on time".padEnd(18)} ${due.onTime}`,
    `  ${"late".padEnd(18)} ${due.late}`,
    `  ${"tardiness".padEnd(18)} ${fixed(due.tardinessHours)} h ` +
      `(weighted by priority ${fixed(due.weightedTardinessHours)} h)`,
    `  ${"max lateness".padEnd(18)} ${fixed(due.maxLatenessHours)} h`,
    ...(t
      ? [
        `  ${"tardiness bound".padEnd(18)} ${fixed(t.lowerBoundHours)} h weighted (${t.method}); ` +
        `the makespan bound above is for the makespan`,
      ]
      : []),
    ...late.slice(0, 50).map((d) =>
      `  late: ${d.lotId} done ${at(d.completionH)}, due ${at(d.dueH)}, ` +
      `${fixed(d.tardinessH)} h late (priority ${d.priority})`
    ),
    ...(late.length > 50 ? [`  … and ${late.length - 50} more late lots`] : []),
    "",
  );
  return out;
}

/** The summary text; deterministic for a given `generatedAt`. */
export function formatSummary(schedule: Schedule, opts: ExportOptions = {}): string {
  const tz = opts.timeZone ?? "UTC";
  const k = schedule.kpis;
  const c = schedule.config;
  const at = (h: number) => formatInstant(addHours(schedule.startMs, h), tz);
  const row = (label: string, value: string) => `  ${label.padEnd(18)} ${value}`;
  const out = [
    `Filling line schedule — strategy ${schedule.strategy} (${schedule.status})`,
    `Generated ${formatInstant(opts.generatedAt ?? Date.now(), tz)}`,
    "",
    "Line",
    row("fill rate", `${c.fillRateVph} vials/h`),
    row("clean", `${c.cleanHours} h`),
    row("window", `${c.windowHours} h`),
    row("changeover", `${c.chgSameHours} h same type, ${c.chgDiffHours} h different type`),
    "",
    "KPIs",
    row("start", at(0)),
    row("end", at(k.makespanHours)),
    row("makespan", `${fixed(k.makespanHours)} h`),
    row("lots", String(k.lots)),
    row("cleans (blocks)", String(k.cleans)),
    row("fill", `${fixed(k.fillHours)} h`),
    row("changeover", `${fixed(k.changeoverHours)} h`),
    row("clean", `${fixed(k.cleanHours)} h`),
    row("utilization", `${fixed(k.utilization * 100, 1)}%`),
    row("lower bound", `${fixed(schedule.bound.lowerBoundHours)} h (${schedule.bound.method})`),
    row("gap", `${fixed(schedule.bound.gapPct)}%`),
    row(
      "bound time",
      `${Math.round(schedule.bound.elapsedMs)} ms` +
        (schedule.bound.stoppedByBudget ? " (its budget ended it; a better bound may exist)" : ""),
    ),
    row("verdict", boundVerdict(schedule)),
    "",
    ...calendarLines(schedule, at),
    ...dueLines(schedule, at),
    "Blocks",
    ...k.blocks.map((b) =>
      `  ${String(b.index + 1).padStart(3)}. ${String(b.lotIds.length).padStart(4)} lots, ` +
      `${b.types} type${b.types === 1 ? "" : "s"}, ${fixed(b.usedHours).padStart(7)} h used ` +
      `(fill ${fixed(b.fillHours)} h, changeover ${fixed(b.changeoverHours)} h), ` +
      `window ${fixed(b.windowUse * 100, 1)}%`
    ),
    "",
    ...lineageLines(opts),
    ...issueLines("Errors", schedule.validation.errors),
    ...issueLines("Warnings", schedule.validation.warnings),
  ];
  return out.join("\n") + "\n";
}
