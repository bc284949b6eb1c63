/** Lot types as small integers, for the array-based packers and the search. */
import type { Lot } from "./model.ts";

/** Each lot's type index, types numbered 0, 1, … in order of first appearance in `lots`. */
export function numberTypes(lots: readonly Lot[]): { type: Int32Array; typeNames: string[] } {
  const type = new Int32Array(lots.length);
  const index = new Map<string, number>();
  const typeNames: string[] = [];
  lots.forEach((lot, i) => {
    let t = index.get(lot.type);
    if (t === undefined) {
      t = typeNames.length;
      index.set(lot.type, t);
      typeNames.push(lot.type);
    }
    type[i] = t;
  });
  return { type, typeNames };
}
