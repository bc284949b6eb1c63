/** spt-pack: types with more lots first, shortest fill first within a type; first-fit picks. */
import type { Lot } from "../model.ts";
import type { Strategy } from "../registry.ts";
import { cmpStr, packFirstFit } from "./_first_fit.ts";

/**
 * The spt-pack pool order: types by lot count (more first, ties by type name), within a type
 * by vials ascending (the same order as fill hours, without rounding), ties by lot ID.
 */
export function sptOrder(lots: readonly Lot[]): Lot[] {
  const count = new Map<string, number>();
  for (const l of lots) count.set(l.type, (count.get(l.type) ?? 0) + 1);
  return [...lots].sort((a, b) =>
    count.get(b.type)! - count.get(a.type)! || cmpStr(a.type, b.type) ||
    a.vials - b.vials || cmpStr(a.id, b.id)
  );
}

export const sptPack: Strategy = {
  name: "spt-pack",
  aliases: ["spt"],
  description: "Types with more lots first, shortest fill first within a type; each pick is the " +
    "first lot of the current type that fits, else the first lot of any type that fits.",
  kind: "heuristic",
  options: [],
  run(input) {
    return { plan: packFirstFit(sptOrder(input.lots), input, "spt-pack") };
  },
};
