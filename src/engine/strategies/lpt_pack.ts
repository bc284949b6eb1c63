/** lpt-pack: longest fill first; first-fit picks as spt-pack. */
import type { Lot } from "../model.ts";
import type { Strategy } from "../registry.ts";
import { cmpStr, packFirstFit } from "./_first_fit.ts";

/** The lpt-pack pool order: vials descending (= fill hours), ties by type name, then lot ID. */
export function lptOrder(lots: readonly Lot[]): Lot[] {
  return [...lots].sort((a, b) =>
    b.vials - a.vials || cmpStr(a.type, b.type) || cmpStr(a.id, b.id)
  );
}

export const lptPack: Strategy = {
  name: "lpt-pack",
  aliases: ["lpt"],
  description: "Longest fill first (ties by type, then ID); each pick is the first lot of the " +
    "current type that fits, else the first lot of any type that fits.",
  kind: "heuristic",
  options: [],
  run(input) {
    return { plan: packFirstFit(lptOrder(input.lots), input, "lpt-pack") };
  },
};
