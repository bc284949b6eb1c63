/** Schedule → CSV: one row per activity, instants in the configured time zone. */
import type { Schedule } from "../model.ts";
import { addHours, formatInstant } from "../time.ts";
import { csvLine, hoursText } from "./_text.ts";

/** Header of the schedule CSV. */
export const SCHEDULE_CSV_COLUMNS = [
  "Start",
  "End",
  "Hours",
  "Activity",
  "Lot ID",
  "Type",
  "Note",
] as const;

/** The schedule as CSV text (CRLF-free, trailing newline), instants ISO 8601 with offset. */
export function formatScheduleCsv(schedule: Schedule, opts: { timeZone?: string } = {}): string {
  const tz = opts.timeZone ?? "UTC";
  const lines = [csvLine(SCHEDULE_CSV_COLUMNS)];
  for (const a of schedule.activities) {
    lines.push(csvLine([
      formatInstant(addHours(schedule.startMs, a.startH), tz),
      formatInstant(addHours(schedule.startMs, a.endH), tz),
      hoursText(a.hours),
      a.kind,
      a.lotId,
      a.lotType,
      a.note,
    ]));
  }
  return lines.join("\n") + "\n";
}
