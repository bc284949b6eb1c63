/**
 * Due dates: each lot's completion against its due date (lateness, tardiness, on time), and a
 * lower bound on the weighted tardiness that every schedule of the lots meets.
 */
import type {
  Activity,
  Downtime,
  DueKpis,
  LineConfig,
  Lot,
  LotDue,
  TardinessBound,
} from "./model.ts";
import { EPS_HOURS, fillHours } from "./rules.ts";
import { freeTimeIndex } from "./calendar.ts";

const HOUR_MS = 3_600_000;

/** A lot's weight: its priority, 1 when it has none. */
export function priorityOf(lot: Lot): number {
  return lot.priority ?? 1;
}

/** The lot's due date in hours from `startMs`, or null when it has none. */
export function dueHours(lot: Lot, startMs: number): number | null {
  return lot.dueMs === undefined ? null : (lot.dueMs - startMs) / HOUR_MS;
}

/** Whether any lot has a due date. */
export function hasDueDates(lots: readonly Lot[]): boolean {
  return lots.some((l) => l.dueMs !== undefined);
}

/** Due-date KPIs of `activities` (completion = end of the lot's fill); undefined without due dates. */
export function computeDueKpis(
  lots: readonly Lot[],
  activities: readonly Activity[],
  startMs: number,
): DueKpis | undefined {
  if (!hasDueDates(lots)) return undefined;
  const done = new Map<string, number>();
  for (const a of activities) if (a.kind === "FILL" && a.lotId !== null) done.set(a.lotId, a.endH);
  const rows: LotDue[] = [];
  let tardiness = 0, weighted = 0, onTime = 0, maxLateness = -Infinity;
  for (const lot of lots) {
    const dueH = dueHours(lot, startMs);
    const completionH = done.get(lot.id);
    if (dueH === null || completionH === undefined) continue;
    const latenessH = completionH - dueH;
    const tardinessH = latenessH > EPS_HOURS ? latenessH : 0;
    const priority = priorityOf(lot);
    rows.push({ lotId: lot.id, dueH, completionH, latenessH, tardinessH, priority });
    tardiness += tardinessH;
    weighted += priority * tardinessH;
    if (tardinessH === 0) onTime++;
    maxLateness = Math.max(maxLateness, latenessH);
  }
  return {
    lotsWithDue: rows.length,
    onTime,
    late: rows.length - onTime,
    tardinessHours: tardiness,
    weightedTardinessHours: weighted,
    maxLatenessHours: rows.length ? maxLateness : 0,
    lots: rows,
  };
}

/**
 * A lower bound on Σ priority × tardiness over every valid schedule, the larger of two:
 * - each lot alone: it cannot complete before a CLEAN and its own fill have run in free time;
 * - the lots with due dates together: the k-th of them to complete waits for a CLEAN and at least
 *   the k shortest of their fills, so pairing these earliest completions (ascending) with the due
 *   dates (ascending) bounds their total tardiness (max(0, ·) is convex, so the sorted pairing is
 *   the cheapest), times the smallest priority.
 * Both hold with downtimes: work before an instant lies in its free time.
 */
export function tardinessLowerBound(
  lots: readonly Lot[],
  config: LineConfig,
  startMs: number,
  downtimes: readonly Downtime[] = [],
): TardinessBound {
  const withDue = lots.filter((l) => l.dueMs !== undefined);
  const free = freeTimeIndex(downtimes);
  const done = (workHours: number) => free.reached(workHours);
  let alone = 0;
  for (const lot of withDue) {
    const late = done(config.cleanHours + fillHours(lot, config)) - dueHours(lot, startMs)!;
    if (late > 0) alone += priorityOf(lot) * late;
  }
  const fills = withDue.map((l) => fillHours(l, config)).sort((a, b) => a - b);
  const dues = withDue.map((l) => dueHours(l, startMs)!).sort((a, b) => a - b);
  let work = config.cleanHours, paired = 0;
  fills.forEach((f, k) => {
    work += f;
    paired += Math.max(0, done(work) - dues[k]!);
  });
  const minPriority = withDue.reduce((m, l) => Math.min(m, priorityOf(l)), Infinity);
  const together = withDue.length ? paired * minPriority : 0;
  return together > alone
    ? { lowerBoundHours: together, method: "sorted completions" }
    : { lowerBoundHours: alone, method: "per lot" };
}
