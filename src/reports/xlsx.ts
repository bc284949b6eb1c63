/**
 * Spreadsheets of a schedule and a comparison (exceljs): real dates and number formats, a frozen
 * header row on every sheet. Dates are written as the wall time of the schedule's zone (Excel has
 * no zones), and the zone is named in the header.
 */
import type ExcelJS from "exceljs";
import { type Schedule, zoneOffsetMinutes } from "../engine/core.ts";
import type { ScheduleLineage } from "../engine/mod.ts";
import type { ComparisonReportInput } from "./comparison_report.ts";

type Sheet = ExcelJS.Worksheet;

/** exceljs takes about a second to load: it is loaded for the first spreadsheet, not at start. */
let excel: Promise<typeof ExcelJS> | null = null;
const newWorkbook = async (): Promise<ExcelJS.Workbook> => {
  excel ??= import("exceljs").then((m) => m.default);
  return new (await excel).Workbook();
};

function header(ws: Sheet, cols: [string, number, string?][]): void {
  ws.columns = cols.map(([header, width, numFmt]) => ({
    header,
    width,
    ...(numFmt ? { style: { numFmt } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
}

/** The instant as a Date whose UTC fields are the zone's wall time (what Excel will show). */
function wall(ms: number, timeZone: string): Date {
  return new Date(ms + zoneOffsetMinutes(ms, timeZone) * 60_000);
}

const DATE = "yyyy-mm-dd hh:mm";
const HOURS = "0.00";
const PCT = "0.0%";

/**
 * The workbook of a schedule: Activities, Blocks, KPIs, Config (with the version and
 * fingerprints when given, so a signed-off sheet can be traced).
 */
export async function scheduleXlsx(
  s: Schedule,
  timeZone: string,
  config: Readonly<Record<string, unknown>>,
  lineage?: ScheduleLineage,
): Promise<Uint8Array> {
  const wb = await newWorkbook();
  wb.creator = "fillscheduler";
  const acts = wb.addWorksheet("Activities");
  header(acts, [
    [`Start (${timeZone})`, 18, DATE],
    [`End (${timeZone})`, 18, DATE],
    ["Hours", 9, HOURS],
    ["Activity", 12],
    ["Lot ID", 14],
    ["Type", 12],
    ["Block", 7, "0"],
    ["Note", 40],
    [`Due (${timeZone})`, 18, DATE],
    ["Late h", 9, HOURS],
  ]);
  const at = (h: number) => wall(s.startMs + h * 3_600_000, timeZone);
  const due = new Map((s.kpis.due?.lots ?? []).map((d) => [d.lotId, d]));
  // The line's downtimes are rows of their own, in time order among the activities.
  const timeline = [
    ...s.activities.map((a) => {
      const d = a.kind === "FILL" && a.lotId !== null ? due.get(a.lotId) : undefined;
      return {
        h: a.startH,
        row: [
          at(a.startH),
          at(a.endH),
          a.hours,
          a.kind,
          a.lotId ?? "",
          a.lotType ?? "",
          a.block + 1,
          a.note,
          d ? at(d.dueH) : "",
          d ? d.tardinessH : "",
        ],
      };
    }),
    ...(s.calendar ?? []).map((d) => ({
      h: d.startH,
      row: [at(d.startH), at(d.endH), d.endH - d.startH, "DOWNTIME", "", "", "", d.reason, "", ""],
    })),
  ].sort((x, y) => x.h - y.h);
  for (const r of timeline) acts.addRow(r.row);
  const blocks = wb.addWorksheet("Blocks");
  header(blocks, [
    ["Block", 7, "0"],
    ["Lots", 7, "0"],
    ["Types", 7, "0"],
    ["Fill h", 10, HOURS],
    ["Changeover h", 13, HOURS],
    ["Used h", 10, HOURS],
    ["Window use", 11, PCT],
    ["Lot IDs", 60],
  ]);
  for (const b of s.kpis.blocks) {
    blocks.addRow([
      b.index + 1,
      b.lotIds.length,
      b.types,
      b.fillHours,
      b.changeoverHours,
      b.usedHours,
      b.windowUse,
      b.lotIds.join(" "),
    ]);
  }
  const kpis = wb.addWorksheet("KPIs");
  header(kpis, [["KPI", 24], ["Value", 14], ["Unit", 8]]);
  const k = s.kpis, bd = s.bound;
  const rows: [string, number | string, string][] = [
    ["Strategy", s.strategy, ""],
    ["Makespan", k.makespanHours, "h"],
    ["Fill", k.fillHours, "h"],
    ["Changeovers", k.changeoverHours, "h"],
    ["Cleaning", k.cleanHours, "h"],
    ["Cleans", k.cleans, ""],
    ["Lots", k.lots, ""],
    ["Utilisation", k.utilization, ""],
    ["Lower bound", bd.lowerBoundHours, "h"],
    ["Bound method", bd.method, ""],
    ["Gap", bd.gapPct / 100, ""],
    ["Proven optimal", bd.provenOptimal ? "yes" : "no", ""],
    ["Solver status", s.status, ""],
    ...(k.due
      ? [
        ["Lots with a due date", k.due.lotsWithDue, ""],
        ["On time", k.due.onTime, ""],
        ["Late", k.due.late, ""],
        ["Tardiness", k.due.tardinessHours, "h"],
        ["Weighted tardiness", k.due.weightedTardinessHours, "h"],
      ] satisfies [string, number, string][]
      : []),
  ];
  for (const r of rows) {
    const row = kpis.addRow(r);
    const fmt = r[0] === "Utilisation" || r[0] === "Gap"
      ? PCT
      : typeof r[1] === "number" && r[2] === "h"
      ? HOURS
      : undefined;
    if (fmt) row.getCell(2).numFmt = fmt;
  }
  const cfg = wb.addWorksheet("Config");
  header(cfg, [["Setting", 20], ["Value", 40]]);
  if (lineage) {
    cfg.addRow(["Version", lineage.version]);
    cfg.addRow(["Schedule ID", lineage.scheduleId ?? ""]);
    cfg.addRow(["Parent ID", lineage.parentId ?? ""]);
    cfg.addRow(["Input sha256", lineage.inputHash]);
    cfg.addRow(["Config sha256", lineage.configHash]);
    cfg.addRow(["Engine version", lineage.engineVersion]);
  }
  cfg.addRow(["Start", wall(s.startMs, timeZone)]).getCell(2).numFmt = DATE;
  for (const [key, value] of Object.entries(config)) {
    cfg.addRow([key, typeof value === "object" ? JSON.stringify(value) : value ?? ""]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The workbook of a comparison: one KPI row per run. */
export async function comparisonXlsx(c: ComparisonReportInput): Promise<Uint8Array> {
  const wb = await newWorkbook();
  wb.creator = "fillscheduler";
  const ws = wb.addWorksheet("KPIs");
  header(ws, [
    ["Strategy", 16],
    ["Best", 6],
    ["Makespan h", 12, HOURS],
    ["Δ makespan h", 13, HOURS],
    ["Cleans", 8, "0"],
    ["Changeover h", 13, HOURS],
    ["Utilisation", 11, PCT],
    ["Gap to bound", 12, "0.00%"],
    ["Proven optimal", 14],
    ["Time s", 9, "0.00"],
    ["Error", 30],
  ]);
  for (const r of c.runs) {
    ws.addRow([
      r.strategy,
      r.strategy === c.best ? "yes" : "",
      r.kpis?.makespanHours ?? null,
      r.delta?.makespanHours ?? null,
      r.kpis?.cleans ?? null,
      r.kpis?.changeoverHours ?? null,
      r.kpis ? r.kpis.utilization : null,
      r.gapPct === null ? null : r.gapPct / 100,
      r.provenOptimal ? "yes" : "no",
      r.elapsedMs === null ? null : r.elapsedMs / 1000,
      r.error ?? "",
    ]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
