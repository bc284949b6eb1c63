/** Calendar CSV (columns `Start`, `End`, optional `Reason`) → the config's calendar entries. */
import type { Issue } from "../model.ts";
import type { CalendarEntry } from "../calendar.ts";
import { readCalendar } from "../calendar.ts";
import { findColumns, readCsv } from "./_csv.ts";

/** Columns a calendar CSV must have; `Reason` may be added. */
export const CALENDAR_COLUMNS = ["Start", "End"] as const;

/**
 * Parses a calendar CSV: one unavailable interval per row, instants as for the start time (naive
 * ones in `timeZone`). Every problem names its line; use the entries only when there is none.
 */
export function parseCalendarCsv(
  text: string,
  timeZone = "UTC",
): { entries: CalendarEntry[]; issues: Issue[] } {
  const { records, issues } = readCsv(text);
  const header = records[0];
  if (!header) {
    issues.push({
      code: "EMPTY_FILE",
      line: 1,
      field: "calendar",
      message:
        "the calendar file is empty: expected a header Start, End, Reason and one interval " +
        "per line",
    });
    return { entries: [], issues };
  }
  const columns = findColumns(header, CALENDAR_COLUMNS, ["Reason"] as const);
  if (columns.issues.length) return { entries: [], issues: [...issues, ...columns.issues] };
  const { index } = columns;
  const entries: CalendarEntry[] = [];
  for (const { fields, line } of records.slice(1)) {
    const reason = index.Reason === undefined ? "" : fields[index.Reason] ?? "";
    const entry: CalendarEntry = {
      start: fields[index.Start] ?? "",
      end: fields[index.End] ?? "",
      ...(reason ? { reason } : {}),
    };
    const found = readCalendar([entry], timeZone).issues;
    for (const i of found) {
      const field = i.field?.endsWith(".start") ? "Start" : "End";
      issues.push({
        code: "INVALID_CALENDAR",
        line,
        field,
        message: `line ${line}: ${
          i.message.replace(/^calendar\.0\.start/, "Start").replace(/^calendar\.0\.end/, "End")
        }`,
      });
    }
    if (!found.length) entries.push(entry);
  }
  return { entries, issues };
}
