/**
 * The line's calendar: unavailable intervals read from their configured instants, and the
 * timing questions every part of the engine asks of them (where does work of a given length fit,
 * how long until enough free time has passed).
 */
import type { Downtime, Issue } from "./model.ts";
import { parseStartTime, StartTimeError } from "./time.ts";
import { EPS_HOURS } from "./rules.ts";

/** One unavailable interval as configured: instants as for the start time, in the line's zone. */
export interface CalendarEntry {
  readonly start: string;
  readonly end: string;
  readonly reason?: string;
}

/** An interval read to epoch milliseconds. */
export interface CalendarInterval {
  readonly startMs: number;
  readonly endMs: number;
  readonly reason: string;
}

const HOUR_MS = 3_600_000;

/** Reads one instant of entry `index`; a problem names the entry and the field. */
function instant(text: string, timeZone: string, field: string, issues: Issue[]): number | null {
  try {
    return parseStartTime(text, timeZone);
  } catch (e) {
    if (!(e instanceof StartTimeError)) throw e;
    issues.push({
      code: "INVALID_CALENDAR",
      field,
      message: `${field} must be ISO 8601 (e.g. 2026-01-05T06:00:00Z) or "YYYY-MM-DD HH:MM", got ${
        JSON.stringify(text)
      }`,
    });
    return null;
  }
}

/** The entries read in `timeZone`, with every unreadable instant and every end not after its start. */
export function readCalendar(
  entries: readonly CalendarEntry[],
  timeZone: string,
): { intervals: CalendarInterval[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const intervals: CalendarInterval[] = [];
  entries.forEach((e, i) => {
    const start = instant(e.start, timeZone, `calendar.${i}.start`, issues);
    const end = instant(e.end, timeZone, `calendar.${i}.end`, issues);
    if (start === null || end === null) return;
    if (end <= start) {
      issues.push({
        code: "INVALID_CALENDAR",
        field: `calendar.${i}.end`,
        message: `calendar.${i}.end must be after its start ${JSON.stringify(e.start)}, got ${
          JSON.stringify(e.end)
        }`,
      });
      return;
    }
    intervals.push({ startMs: start, endMs: end, reason: e.reason?.trim() ?? "" });
  });
  return { intervals, issues };
}

/** Every problem of a configured calendar (the config's cross-field check). */
export function calendarIssues(entries: readonly CalendarEntry[], timeZone: string): Issue[] {
  return entries.length ? readCalendar(entries, timeZone).issues : [];
}

/**
 * The intervals as downtimes in hours from `startMs`: sorted, overlapping or touching ones merged
 * (their reasons joined), those that end by the start dropped.
 */
export function downtimesFrom(
  intervals: readonly CalendarInterval[],
  startMs: number,
): Downtime[] {
  const sorted = intervals
    .map((i) => ({
      startH: (i.startMs - startMs) / HOUR_MS,
      endH: (i.endMs - startMs) / HOUR_MS,
      reason: i.reason,
    }))
    .filter((d) => d.endH > 0)
    .sort((a, b) => a.startH - b.startH || a.endH - b.endH);
  const out: { startH: number; endH: number; reasons: string[] }[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    if (last && d.startH <= last.endH) {
      last.endH = Math.max(last.endH, d.endH);
      if (d.reason && !last.reasons.includes(d.reason)) last.reasons.push(d.reason);
    } else out.push({ startH: d.startH, endH: d.endH, reasons: d.reason ? [d.reason] : [] });
  }
  return out.map((d) => ({ startH: d.startH, endH: d.endH, reason: d.reasons.join("; ") }));
}

/** The configured calendar as downtimes of a run starting at `startMs` (entries assumed valid). */
export function downtimesOf(
  entries: readonly CalendarEntry[],
  timeZone: string,
  startMs: number,
): Downtime[] {
  return entries.length ? downtimesFrom(readCalendar(entries, timeZone).intervals, startMs) : [];
}

/** Index of the first downtime that ends after `t` (downtimes sorted and disjoint). */
export function firstEndingAfter(downtimes: readonly Downtime[], t: number): number {
  let lo = 0, hi = downtimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (downtimes[mid]!.endH <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The earliest start ≥ `t` at which `hours` of work run without overlapping a downtime. */
export function earliestFit(downtimes: readonly Downtime[], t: number, hours: number): number {
  let s = t;
  for (let k = firstEndingAfter(downtimes, s); k < downtimes.length; k++) {
    const d = downtimes[k]!;
    if (s + hours <= d.startH + EPS_HOURS) return s;
    s = Math.max(s, d.endH);
  }
  return s;
}

/** The earliest instant by which `hours` of free (non-downtime) time have passed since `from`. */
export function freeHoursReached(downtimes: readonly Downtime[], hours: number, from = 0): number {
  return freeTimeIndex(downtimes).reached(hours, from);
}

/**
 * Free time around sorted, disjoint downtimes, answered in O(log m) per question: bounds ask it
 * once per lot or per case, on calendars of thousands of downtimes.
 */
export function freeTimeIndex(downtimes: readonly Downtime[]): {
  /** Free hours in [0, x]. */
  freeAt(x: number): number;
  /** The earliest instant by which `hours` of free time have passed since `from`. */
  reached(hours: number, from?: number): number;
} {
  const m = downtimes.length;
  const busyBefore = new Float64Array(m + 1);
  const freeAtStart = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const d = downtimes[k]!;
    freeAtStart[k] = Math.max(0, d.startH) - busyBefore[k]!;
    busyBefore[k + 1] = busyBefore[k]! + d.endH - Math.max(0, d.startH);
  }
  const freeAt = (x: number) => {
    const k = firstEndingAfter(downtimes, x);
    const inside = k < m && downtimes[k]!.startH < x ? x - Math.max(0, downtimes[k]!.startH) : 0;
    return x - busyBefore[k]! - inside;
  };
  const reached = (hours: number, from = 0) => {
    const target = freeAt(from) + hours;
    let lo = firstEndingAfter(downtimes, from), hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (freeAtStart[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    if (lo < m) return Math.max(from, downtimes[lo]!.startH - (freeAtStart[lo]! - target));
    const end = m ? Math.max(from, downtimes[m - 1]!.endH) : from;
    return end + (target - freeAt(end));
  };
  return { freeAt, reached };
}
