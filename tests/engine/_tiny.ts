/** A tiny line with round numbers, so every expected hour in a test can be worked out by hand. */
import type { LineConfig, Lot } from "../../src/engine/model.ts";

/** 10 vials/h, 2 h clean, 10 h window, 1 h same-type and 3 h different-type changeover. */
export const TINY: LineConfig = {
  fillRateVph: 10,
  cleanHours: 2,
  windowHours: 10,
  chgSameHours: 1,
  chgDiffHours: 3,
};

/** A lot of `hours` fill time on the TINY line. */
export function lot(id: string, type: string, hours: number): Lot {
  return { id, type, vials: hours * TINY.fillRateVph };
}
