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

/**
 * The schedule as CSV text (CRLF-free, trailing newline), instants ISO 8601 with offset. The
 * line's downtimes are rows of their own (Activity DOWNTIME, the reason as the note) in time
 * order; a fill of a lot with a due date notes it, and how late the lot is.
 */
export function formatScheduleCsv(schedule: Schedule, opts: { timeZone?: string } = {}): string {
  const tz = opts.timeZone ?? "UTC";
  const at = (h: number) => formatInstant(addHours(schedule.startMs, h), tz);
  const due = new Map((schedule.kpis.due?.lots ?? []).map((d) => [d.lotId, d]));
  const downtimes = schedule.calendar ?? [];
  const lines = [csvLine(SCHEDULE_CSV_COLUMNS)];
  let next = 0;
  const downtimesUntil = (h: number) => {
    for (; next < downtimes.length && downtimes[next]!.startH < h; next++) {
      const d = downtimes[next]!;
      lines.push(csvLine([
        at(d.startH),
        at(d.endH),
        hoursText(d.endH - d.startH),
        "DOWNTIME",
        null,
        null,
        d.reason,
      ]));
    }
  };
  for (const a of schedule.activities) {
    downtimesUntil(a.startH);
    const d = a.kind === "FILL" && a.lotId !== null ? due.get(a.lotId) : undefined;
    const note = d
      ? `${a.note}; due ${at(d.dueH)}` +
        (d.tardinessH > 0 ? `; late ${hoursText(d.tardinessH)} h` : "; on time")
      : a.note;
    lines.push(
      csvLine([at(a.startH), at(a.endH), hoursText(a.hours), a.kind, a.lotId, a.lotType, note]),
    );
  }
  downtimesUntil(Infinity);
  return lines.join("\n") + "\n";
}
