/** Export files of schedules and comparisons: the CLI's csv/json, and HTML, XLSX and PDF reports. */
import { TRPCError } from "@trpc/server";
import { encodeBase64 } from "../../reports/base64.ts";
import { findScheduleView, findStoredSchedule } from "../../db/schedules.ts";
import { scheduleReportHtml } from "../../reports/schedule_report.ts";
import { comparisonReportHtml } from "../../reports/comparison_report.ts";
import { comparisonXlsx, scheduleXlsx } from "../../reports/xlsx.ts";
import { ChromiumMissingError, htmlToPdf } from "../../reports/pdf.ts";
import {
  explainSchedule,
  formatInstant,
  formatScheduleCsv,
  formatScheduleJson,
  registry,
} from "../../engine/mod.ts";
import type { App } from "../app.ts";
import { badRequest, notFound } from "../errors.ts";
import { getComparison } from "./comparisons.ts";

export const SCHEDULE_EXPORT_FORMATS = ["csv", "json", "html", "xlsx", "pdf"] as const;
export const COMPARISON_EXPORT_FORMATS = ["html", "xlsx", "pdf"] as const;

/** A file to download; binary formats travel as base64 text. */
export interface ExportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly encoding: "utf8" | "base64";
  readonly content: string;
}

/** BAD_REQUEST for an export of a job that has no result (yet). */
function notCompleted(what: string, id: string, status: string): never {
  badRequest(`${what} ${id} is ${status}; only completed ${what}s can be exported`, [{
    code: "NOT_COMPLETED",
    field: "id",
    message: `${what} ${id} is ${status}, not completed`,
  }]);
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A completed schedule as csv, json, html, xlsx or pdf. */
export async function exportScheduleFile(
  app: App,
  ownerId: string,
  id: string,
  format: (typeof SCHEDULE_EXPORT_FORMATS)[number],
): Promise<ExportFile> {
  const stored = await findStoredSchedule(app.db, ownerId, id) ?? notFound("schedule", id);
  const { schedule, timeZone } = stored;
  if (!schedule) notCompleted("schedule", id, stored.status);
  // Every file names the version it holds (the formats that have room name the hashes too).
  const base = `schedule_${id}_v${stored.lineage.version}`;
  if (format === "csv") {
    return {
      filename: `${base}.csv`,
      contentType: "text/csv",
      encoding: "utf8",
      content: formatScheduleCsv(schedule, { timeZone }),
    };
  }
  if (format === "json") {
    const generatedAt = Date.parse(stored.finishedAt);
    return {
      filename: `${base}.json`,
      contentType: "application/json",
      encoding: "utf8",
      content: formatScheduleJson(schedule, { timeZone, generatedAt, lineage: stored.lineage }),
    };
  }
  const view = await findScheduleView(app.db, ownerId, id) ?? notFound("schedule", id);
  if (format === "xlsx") {
    return {
      filename: `${base}.xlsx`,
      contentType: XLSX,
      encoding: "base64",
      content: encodeBase64(
        await scheduleXlsx(schedule, timeZone, { ...view.config }, stored.lineage),
      ),
    };
  }
  const kind = registry.has(schedule.strategy)
    ? registry.resolve(schedule.strategy).kind
    : "heuristic";
  const html = scheduleReportHtml({
    schedule,
    timeZone,
    name: view.name,
    generatedAt: Date.now(),
    explanation: explainSchedule(schedule, kind),
    lineage: stored.lineage,
  });
  if (format === "html") {
    return {
      filename: `${base}.html`,
      contentType: "text/html",
      encoding: "utf8",
      content: html,
    };
  }
  return pdfFile(`${base}.pdf`, html);
}

/** A comparison as html, xlsx or pdf. */
export async function exportComparisonFile(
  app: App,
  ownerId: string,
  id: string,
  format: (typeof COMPARISON_EXPORT_FORMATS)[number],
): Promise<ExportFile> {
  const c = await getComparison(app, ownerId, id);
  if (c.status !== "completed") notCompleted("comparison", id, c.status);
  if (format === "xlsx") {
    return {
      filename: `comparison_${id}.xlsx`,
      contentType: XLSX,
      encoding: "base64",
      content: encodeBase64(await comparisonXlsx(c)),
    };
  }
  const html = comparisonReportHtml(c, formatInstant(Date.now(), c.config.timeZone));
  if (format === "html") {
    return {
      filename: `comparison_${id}.html`,
      contentType: "text/html",
      encoding: "utf8",
      content: html,
    };
  }
  return pdfFile(`comparison_${id}.pdf`, html);
}

async function pdfFile(filename: string, html: string): Promise<ExportFile> {
  try {
    return {
      filename,
      contentType: "application/pdf",
      encoding: "base64",
      content: encodeBase64(await htmlToPdf(html)),
    };
  } catch (e) {
    if (e instanceof ChromiumMissingError) {
      throw new TRPCError({ code: "PRECONDITION_FAILED", message: e.message });
    }
    throw e;
  }
}
