/** cfs-pack (cluster first, sequence second): lots grouped by type; first-fit picks. */
import type { Lot } from "../model.ts";
import type { Strategy } from "../registry.ts";
import { cmpStr, packFirstFit } from "./_first_fit.ts";

/** How cfs-pack orders its type groups and the lots inside a group. */
export interface CfsOptions {
  /** `count`: groups with more lots first; `hours`: groups with more total fill first. */
  readonly groupOrder: "count" | "hours";
  /** `spt`: shortest fill first inside a group; `lpt`: longest first. */
  readonly withinGroup: "spt" | "lpt";
}

/**
 * The cfs-pack pool order. Groups by lot count or total vials (= fill hours) descending, ties
 * by type name; inside a group by vials (ascending for spt, descending for lpt), ties by lot ID.
 */
export function cfsOrder(lots: readonly Lot[], opts: CfsOptions): Lot[] {
  const weight = new Map<string, number>();
  for (const l of lots) {
    weight.set(l.type, (weight.get(l.type) ?? 0) + (opts.groupOrder === "count" ? 1 : l.vials));
  }
  const dir = opts.withinGroup === "spt" ? 1 : -1;
  return [...lots].sort((a, b) =>
    weight.get(b.type)! - weight.get(a.type)! || cmpStr(a.type, b.type) ||
    dir * (a.vials - b.vials) || cmpStr(a.id, b.id)
  );
}

export const cfsPack: Strategy = {
  name: "cfs-pack",
  aliases: ["cfs"],
  description: "Cluster first, sequence second: lots grouped by type (groups by lot count or " +
    "total fill hours, lots by SPT or LPT inside a group), then first-fit picks as spt-pack.",
  kind: "heuristic",
  options: [
    {
      name: "groupOrder",
      type: "enum",
      values: ["count", "hours"],
      default: "count",
      description: "order of the type groups: more lots first (count) or more fill hours first",
    },
    {
      name: "withinGroup",
      type: "enum",
      values: ["spt", "lpt"],
      default: "lpt",
      description: "order inside a group: shortest fill first (spt) or longest first (lpt)",
    },
  ],
  run(input) {
    const opts: CfsOptions = {
      groupOrder: input.options.groupOrder === "hours" ? "hours" : "count",
      withinGroup: input.options.withinGroup === "spt" ? "spt" : "lpt",
    };
    return { plan: packFirstFit(cfsOrder(input.lots, opts), input, "cfs-pack") };
  },
};
