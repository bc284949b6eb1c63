/**
 * Independent post-flight validator: re-checks every rule of the line on a list of
 * activities, without trusting the planner. Returns every violation found.
 */
import type { Activity, Issue, LineConfig, Lot } from "./model.ts";
import { changeoverHours, fillHours } from "./rules.ts";

/** Tolerance in hours: one millisecond, the precision of exported instants. */
const TOL_H = 1 / 3_600_000;

/** Every rule violation of `activities` for the input `lots`; an empty list means valid. */
export function validateSchedule(
  lots: readonly Lot[],
  activities: readonly Activity[],
  config: LineConfig,
): Issue[] {
  const errors: Issue[] = [];
  const byId = new Map(lots.map((l) => [l.id, l]));
  const seen = new Set<string>();
  if (lots.length > 0 && activities.length === 0) errors.push({ message: "schedule is empty" });
  if (activities.length > 0 && activities[0]!.kind !== "CLEAN") {
    errors.push({ message: "the schedule must start with a CLEAN" });
  }
  let prevEnd: number | null = null;
  let used = 0;
  let blockNo = 0;
  let prevType: string | null = null;
  let pendingChg: number | null = null;
  let lotsInBlock = 0;
  const closeBlock = (where: string) => {
    if (blockNo > 0 && used > config.windowHours + TOL_H) {
      errors.push({
        message: `block ${blockNo} uses ${
          used.toFixed(4)
        } h, over the ${config.windowHours} h window`,
      });
    }
    if (blockNo > 0 && lotsInBlock === 0) {
      errors.push({ message: `block ${blockNo} is empty (${where})` });
    }
  };
  activities.forEach((a, k) => {
    const at = `activity ${k + 1}`;
    if (Math.abs(a.endH - a.startH - a.hours) > TOL_H || a.hours < 0) {
      errors.push({ message: `${at}: duration does not match its start and end` });
    }
    if (prevEnd !== null && Math.abs(a.startH - prevEnd) > TOL_H) {
      const kind = a.startH > prevEnd ? "gap" : "overlap";
      errors.push({
        message: `${at}: ${kind} of ${Math.abs(a.startH - prevEnd).toFixed(6)} h before it`,
      });
    }
    prevEnd = a.endH;
    if (a.kind === "CLEAN") {
      if (pendingChg !== null) errors.push({ message: `${at}: changeover not followed by a fill` });
      if (Math.abs(a.hours - config.cleanHours) > TOL_H) {
        errors.push({ message: `${at}: CLEAN lasts ${a.hours} h, not ${config.cleanHours} h` });
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
      if (prevType === null) errors.push({ message: `${at}: changeover right after a CLEAN` });
      if (pendingChg !== null) errors.push({ message: `${at}: two changeovers in a row` });
      pendingChg = a.hours;
      return;
    }
    const lot = a.lotId === null ? undefined : byId.get(a.lotId);
    if (!lot) {
      errors.push({
        message: `${at}: unknown lot ${JSON.stringify(a.lotId)}`,
        lotId: a.lotId ?? "",
      });
      return;
    }
    if (seen.has(lot.id)) {
      errors.push({ message: `${at}: lot ${lot.id} is filled twice (split)`, lotId: lot.id });
    }
    seen.add(lot.id);
    lotsInBlock++;
    if (a.lotType !== lot.type) {
      errors.push({
        message: `${at}: lot ${lot.id} has type ${a.lotType}, the input says ${lot.type}`,
        lotId: lot.id,
      });
    }
    const want = fillHours(lot, config);
    if (Math.abs(a.hours - want) > TOL_H) {
      errors.push({
        message: `${at}: lot ${lot.id} fills ${a.hours} h, needs ${want} h`,
        lotId: lot.id,
      });
    }
    const need = changeoverHours(prevType, lot.type, config);
    const got = pendingChg ?? 0;
    if (prevType !== null && pendingChg === null) {
      errors.push({ message: `${at}: lot ${lot.id} has no changeover before it`, lotId: lot.id });
    } else if (Math.abs(got - need) > TOL_H) {
      errors.push({
        message:
          `${at}: lot ${lot.id} after ${prevType} needs a ${need} h changeover, got ${got} h`,
        lotId: lot.id,
      });
    }
    pendingChg = null;
    prevType = lot.type;
  });
  if (pendingChg !== null) errors.push({ message: "the schedule ends with a changeover" });
  closeBlock("at the end");
  if (activities.length > 0 && activities[activities.length - 1]!.kind === "CLEAN") {
    errors.push({ message: "a CLEAN after the last block" });
  }
  for (const lot of lots) {
    if (!seen.has(lot.id)) errors.push({ message: `lot ${lot.id} is never filled`, lotId: lot.id });
  }
  return errors;
}
