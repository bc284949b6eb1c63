/** Schedule → the structured JSON export (format version 1), read by check_schedule.py and clients. */
import type {
  ActivityKind,
  BlockSummary,
  Bound,
  DueKpis,
  Issue,
  Kpis,
  LineConfig,
  Objective,
  Schedule,
  SolveStatus,
} from "../model.ts";
import { addHours, formatInstant } from "../time.ts";

/** Version of the JSON export format; raise it when a field changes meaning or disappears. */
export const SCHEDULE_JSON_VERSION = 1;

/** One activity of the export: instants ISO 8601 to the millisecond with offset. */
export interface ActivityJson {
  readonly kind: ActivityKind;
  readonly start: string;
  readonly end: string;
  readonly hours: number;
  readonly lotId: string | null;
  readonly lotType: string | null;
  readonly note: string;
}

/** One block of the export: the engine's summary of it with its start and end instants. */
export interface BlockJson extends BlockSummary {
  readonly start: string;
  readonly end: string;
}

/**
 * Which version of which plan this is, so a signed-off plan can be traced: its version number in
 * its lineage, its own and its parent's IDs (when stored), and the fingerprints of its input,
 * effective config and engine.
 */
export interface ScheduleLineage {
  readonly version: number;
  readonly scheduleId: string | null;
  readonly parentId: string | null;
  readonly inputHash: string;
  readonly configHash: string;
  readonly engineVersion: string;
}

/** One unavailable interval of the line's calendar, as instants and as hours from the start. */
export interface DowntimeJson {
  readonly start: string;
  readonly end: string;
  readonly startH: number;
  readonly endH: number;
  readonly reason: string;
}

/** One lot's completion against its due date. */
export interface LotDueJson {
  readonly lotId: string;
  readonly due: string;
  readonly completion: string;
  readonly latenessHours: number;
  readonly tardinessHours: number;
  readonly priority: number;
}

/** Due-date KPIs of the export: the engine's, each lot's with instants. */
export interface DueJson extends Omit<DueKpis, "lots"> {
  readonly lots: readonly LotDueJson[];
}

/** The whole export document. */
export interface ScheduleJson {
  readonly version: number;
  readonly generatedAt: string;
  readonly strategy: string;
  readonly config: LineConfig & { readonly timeZone: string; readonly startTime: string };
  /** The engine's KPI totals (its blocks are `blocks` below), with instants for start and end. */
  readonly kpis: Omit<Kpis, "blocks" | "due"> & {
    readonly start: string;
    readonly end: string;
    /** Present when any lot has a due date. */
    readonly due?: DueJson;
  };
  readonly bound: Bound;
  /** What the run optimized. */
  readonly objective: Objective;
  /** The line's unavailable intervals over this schedule (empty without a calendar). */
  readonly calendar: readonly DowntimeJson[];
  readonly status: SolveStatus;
  readonly blocks: readonly BlockJson[];
  readonly activities: readonly ActivityJson[];
  readonly validation: { readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };
  /** Present when the exporter knows it (stored schedules, CLI runs). */
  readonly lineage?: ScheduleLineage;
}

/** Options of the exports: the zone instants are printed in and the generation instant (epoch ms). */
export interface ExportOptions {
  readonly timeZone?: string;
  readonly generatedAt?: number;
  readonly lineage?: ScheduleLineage;
}

/** The export document of `schedule`; deterministic for a given `generatedAt`. */
export function scheduleToJson(schedule: Schedule, opts: ExportOptions = {}): ScheduleJson {
  const tz = opts.timeZone ?? "UTC";
  const at = (h: number) => formatInstant(addHours(schedule.startMs, h), tz);
  const { blocks, due, ...totals } = schedule.kpis;
  const span = new Map<number, { start: number; end: number }>();
  for (const a of schedule.activities) {
    const s = span.get(a.block);
    if (s) s.end = a.endH;
    else span.set(a.block, { start: a.startH, end: a.endH });
  }
  return {
    version: SCHEDULE_JSON_VERSION,
    generatedAt: formatInstant(opts.generatedAt ?? Date.now(), tz),
    strategy: schedule.strategy,
    config: { ...schedule.config, timeZone: tz, startTime: at(0) },
    kpis: {
      ...totals,
      start: at(0),
      end: at(schedule.kpis.makespanHours),
      ...(due
        ? {
          due: {
            ...due,
            lots: due.lots.map((d) => ({
              lotId: d.lotId,
              due: at(d.dueH),
              completion: at(d.completionH),
              latenessHours: d.latenessH,
              tardinessHours: d.tardinessH,
              priority: d.priority,
            })),
          },
        }
        : {}),
    },
    bound: schedule.bound,
    objective: schedule.objective ?? "makespan",
    calendar: (schedule.calendar ?? []).map((d) => ({
      start: at(d.startH),
      end: at(d.endH),
      startH: d.startH,
      endH: d.endH,
      reason: d.reason,
    })),
    status: schedule.status,
    blocks: blocks.map((b) => ({
      index: b.index,
      start: at(span.get(b.index)?.start ?? 0),
      end: at(span.get(b.index)?.end ?? 0),
      lotIds: b.lotIds,
      types: b.types,
      fillHours: b.fillHours,
      changeoverHours: b.changeoverHours,
      usedHours: b.usedHours,
      windowUse: b.windowUse,
    })),
    activities: schedule.activities.map((a) => ({
      kind: a.kind,
      start: at(a.startH),
      end: at(a.endH),
      hours: a.hours,
      lotId: a.lotId,
      lotType: a.lotType,
      note: a.note,
    })),
    validation: schedule.validation,
    ...(opts.lineage ? { lineage: opts.lineage } : {}),
  };
}

/** The export document as pretty-printed JSON text with a trailing newline. */
export function formatScheduleJson(schedule: Schedule, opts: ExportOptions = {}): string {
  return JSON.stringify(scheduleToJson(schedule, opts), null, 2) + "\n";
}
