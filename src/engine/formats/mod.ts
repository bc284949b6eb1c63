/** Import and export formats: lots and sequence CSV in; schedule CSV/JSON, summary, comparison out. */
export { LOT_COLUMNS, OPTIONAL_LOT_COLUMNS, parseLotsCsv } from "./lots_csv.ts";
export { parseSequenceCsv } from "./sequence_csv.ts";
export { CALENDAR_COLUMNS, parseCalendarCsv } from "./calendar_csv.ts";
export { formatScheduleCsv, SCHEDULE_CSV_COLUMNS } from "./schedule_csv.ts";
export {
  type ActivityJson,
  type BlockJson,
  type DowntimeJson,
  type DueJson,
  type ExportOptions,
  formatScheduleJson,
  type LotDueJson,
  SCHEDULE_JSON_VERSION,
  type ScheduleJson,
  type ScheduleLineage,
  scheduleToJson,
} from "./schedule_json.ts";
export { parseScheduleJson, type ReadSchedule } from "./schedule_json_read.ts";
export { boundVerdict, formatSummary } from "./summary_txt.ts";
export { COMPARISON_CSV_COLUMNS, formatComparisonCsv } from "./comparison_csv.ts";
