/**
 * Independent post-flight validator: re-checks every rule of the line on a list of
 * activities, without trusting the planner. Returns every violation found, each with its code.
 */
import type { IssueCode } from "./issue_codes.ts";
import type { Activity, Downtime, Issue, LineConfig, Lot } from "./model.ts";
import { changeoverHours, fillHours } from "./rules.ts";
import { firstEndingAfter } from "./calendar.ts";

/** Tolerance in hours: one millisecond, the precision of exported instants. */
const TOL_H = 1 / 3_600_000;

/** The downtimes sorted and merged, trusting no caller to have done it. */
function merged(downtimes: readonly Downtime[]): Downtime[] {
  const out: Downtime[] = [];
  for (const d of [...downtimes].sort((a, b) => a.startH - b.startH)) {
    const last = out[out.length - 1];
    if (last && d.startH <= last.endH) {
      out[out.length - 1] = { ...last, endH: Math.max(last.endH, d.endH) };
    } else out.push(d);
  }
  return out;
}

/** The downtimes that overlap the open stretch (from, to) by more than the tolerance. */
function overlapping(downtimes: readonly Downtime[], from: number, to: number): Downtime[] {
  const hit: Downtime[] = [];
  for (let k = firstEndingAfter(downtimes, from + TOL_H); k < downtimes.length; k++) {
    const d = downtimes[k]!;
    if (d.startH >= to - TOL_H) break;
    hit.push(d);
  }
  return hit;
}

/**
 * Every rule violation of `activities` for the input `lots`; an empty list means valid.
 * `downtimes` (hours from the start) may not be overlapped; the line may stand only around them,
 * and it restarts with a CLEAN.
 */
export function validateSchedule(
  lots: readonly Lot[],
  activities: readonly Activity[],
  config: LineConfig,
  calendar: readonly Downtime[] = [],
): Issue[] {
  const downtimes = merged(calendar);
  const errors: Issue[] = [];
  const err = (code: IssueCode, message: string, lotId?: string) =>
    errors.push({ code, message, ...(lotId !== undefined ? { lotId } : {}) });
  const byId = new Map(lots.map((l) => [l.id, l]));
  const seen = new Set<string>();
  if (lots.length > 0 && activities.length === 0) err("SCHEDULE_EMPTY", "schedule is empty");
  if (activities.length > 0 && activities[0]!.kind !== "CLEAN") {
    err("NO_INITIAL_CLEAN", "the schedule must start with a CLEAN");
  }
  let prevEnd: number | null = null;
  let used = 0;
  let blockNo = 0;
  let prevType: string | null = null;
  let pendingChg: number | null = null;
  let lotsInBlock = 0;
  const closeBlock = (where: string) => {
    if (blockNo > 0 && used > config.windowHours + TOL_H) {
      err(
        "WINDOW_EXCEEDED",
        `block ${blockNo} uses ${used.toFixed(4)} h, over the ${config.windowHours} h window`,
      );
    }
    if (blockNo > 0 && lotsInBlock === 0) {
      err("EMPTY_BLOCK", `block ${blockNo} is empty (${where})`);
    }
  };
  activities.forEach((a, k) => {
    const at = `activity ${k + 1}`;
    if (Math.abs(a.endH - a.startH - a.hours) > TOL_H || a.hours < 0) {
      err("DURATION_MISMATCH", `${at}: duration does not match its start and end`);
    }
    for (const d of overlapping(downtimes, a.startH, a.endH)) {
      err(
        "DOWNTIME_OVERLAP",
        `${at}: ${a.kind}${a.lotId ? ` of lot ${a.lotId}` : ""} overlaps the downtime ` +
          `${d.startH.toFixed(3)}–${d.endH.toFixed(3)} h${d.reason ? ` (${d.reason})` : ""}`,
        a.lotId ?? undefined,
      );
    }
    if (prevEnd !== null && Math.abs(a.startH - prevEnd) > TOL_H) {
      const gap = a.startH > prevEnd;
      // The line may stand only before a restart, and only around a downtime.
      const explained = gap && a.kind === "CLEAN" &&
        overlapping(downtimes, prevEnd, a.startH).length > 0;
      if (!explained) {
        err(
          gap ? "ACTIVITY_GAP" : "ACTIVITY_OVERLAP",
          `${at}: ${gap ? "gap" : "overlap"} of ${
            Math.abs(a.startH - prevEnd).toFixed(6)
          } h before it`,
        );
      }
    }
    prevEnd = a.endH;
    if (a.kind === "CLEAN") {
      if (pendingChg !== null) {
        err("CHANGEOVER_WITHOUT_FILL", `${at}: changeover not followed by a fill`);
      }
      if (Math.abs(a.hours - config.cleanHours) > TOL_H) {
        err("CLEAN_DURATION", `${at}: CLEAN lasts ${a.hours} h, not ${config.cleanHours} h`);
      }
      closeBlock(`before ${at}`);
      blockNo++;
      used = 0;
      prevType = null;
      pendingChg = null;
      lotsInBlock = 0;
      return;
    }
    used += a.hours;
    if (a.kind === "CHANGEOVER") {
      if (prevType === null) err("CHANGEOVER_AFTER_CLEAN", `${at}: changeover right after a CLEAN`);
      if (pendingChg !== null) err("CHANGEOVER_TWICE", `${at}: two changeovers in a row`);
      pendingChg = a.hours;
      return;
    }
    const lot = a.lotId === null ? undefined : byId.get(a.lotId);
    if (!lot) {
      err("LOT_NOT_IN_INPUT", `${at}: unknown lot ${JSON.stringify(a.lotId)}`, a.lotId ?? "");
      return;
    }
    if (seen.has(lot.id)) {
      err("LOT_FILLED_TWICE", `${at}: lot ${lot.id} is filled twice (split)`, lot.id);
    }
    seen.add(lot.id);
    lotsInBlock++;
    if (a.lotType !== lot.type) {
      err(
        "LOT_TYPE_MISMATCH",
        `${at}: lot ${lot.id} has type ${a.lotType}, the input says ${lot.type}`,
        lot.id,
      );
    }
    const want = fillHours(lot, config);
    if (Math.abs(a.hours - want) > TOL_H) {
      err("FILL_DURATION", `${at}: lot ${lot.id} fills ${a.hours} h, needs ${want} h`, lot.id);
    }
    const need = changeoverHours(prevType, lot.type, config);
    const got = pendingChg ?? 0;
    if (prevType !== null && pendingChg === null) {
      err("CHANGEOVER_MISSING", `${at}: lot ${lot.id} has no changeover before it`, lot.id);
    } else if (Math.abs(got - need) > TOL_H) {
      err(
        "CHANGEOVER_DURATION",
        `${at}: lot ${lot.id} after ${prevType} needs a ${need} h changeover, got ${got} h`,
        lot.id,
      );
    }
    pendingChg = null;
    prevType = lot.type;
  });
  if (pendingChg !== null) err("CHANGEOVER_WITHOUT_FILL", "the schedule ends with a changeover");
  closeBlock("at the end");
  if (activities.length > 0 && activities[activities.length - 1]!.kind === "CLEAN") {
    err("TRAILING_CLEAN", "a CLEAN after the last block");
  }
  for (const lot of lots) {
    if (!seen.has(lot.id)) err("LOT_NOT_FILLED", `lot ${lot.id} is never filled`, lot.id);
  }
  return errors;
}
