/** The line's physics, each rule once. */
import type { LineConfig, Lot } from "./model.ts";

/** Hours to fill a lot: vials / rate, exact. */
export function fillHours(lot: Pick<Lot, "vials">, config: LineConfig): number {
  return lot.vials / config.fillRateVph;
}

/** Changeover hours between two consecutive lots of a block, of the same type or not. */
export function changeoverBetween(sameType: boolean, config: LineConfig): number {
  return sameType ? config.chgSameHours : config.chgDiffHours;
}

/** Changeover hours before a lot of `nextType` that follows a lot of `prevType` (none after a CLEAN). */
export function changeoverHours(
  prevType: string | null,
  nextType: string,
  config: LineConfig,
): number {
  if (prevType === null) return 0;
  return changeoverBetween(prevType === nextType, config);
}

/** Tolerance for float comparisons of hours: far below a millisecond. */
export const EPS_HOURS = 1e-9;

/** Whether `addHours` more fits into a block that already uses `usedHours`. */
export function fitsWindow(usedHours: number, addHours: number, config: LineConfig): boolean {
  return usedHours + addHours <= config.windowHours + EPS_HOURS;
}

/** The most vials one lot may have so that it fits an empty window. */
export function maxVialsPerLot(config: LineConfig): number {
  return Math.floor(config.windowHours * config.fillRateVph + 1e-6);
}
