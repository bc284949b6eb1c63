/** Tiny hand-checkable fixtures: rate 1 vial/h so vials are hours. */
import type { LineConfig, Lot } from "../../../src/engine/model.ts";

/** Window 10 h, same-type changeover 1 h, different-type 2 h, clean 5 h, 1 vial per hour. */
export const TINY: LineConfig = {
  fillRateVph: 1,
  cleanHours: 5,
  windowHours: 10,
  chgSameHours: 1,
  chgDiffHours: 2,
};

/** Lots from `"ID:TYPE:HOURS"` strings. */
export function lots(...specs: string[]): Lot[] {
  return specs.map((s) => {
    const [id, type, vials] = s.split(":");
    return { id: id!, type: type!, vials: Number(vials) };
  });
}
