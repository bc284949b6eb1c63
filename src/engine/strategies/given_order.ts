/** Given order: lots in input (or sequence-file) order, a new block whenever the next lot does not fit. */
import type { Issue, LineConfig, Lot, Plan } from "../model.ts";
import type { Strategy } from "../registry.ts";
import { changeoverHours, fillHours, fitsWindow } from "../rules.ts";

/** Packs `lots` in this exact order, opening a block whenever the next one does not fit. */
export function packInOrder(lots: readonly Lot[], config: LineConfig): Plan {
  const plan: Lot[][] = [];
  let block: Lot[] = [];
  let used = 0;
  for (const lot of lots) {
    const prev = block.length ? block[block.length - 1]!.type : null;
    const add = changeoverHours(prev, lot.type, config) + fillHours(lot, config);
    if (block.length && !fitsWindow(used, add, config)) {
      plan.push(block);
      block = [lot];
      used = fillHours(lot, config);
    } else {
      block.push(lot);
      used += add;
    }
  }
  if (block.length) plan.push(block);
  return plan;
}

/** Orders lots by a sequence of IDs; unlisted lots follow in input order; unknown IDs are reported. */
export function applySequence(
  lots: readonly Lot[],
  sequence: readonly string[],
): { ordered: Lot[]; warnings: Issue[] } {
  const byId = new Map(lots.map((l) => [l.id, l]));
  const used = new Set<string>();
  const ordered: Lot[] = [];
  const warnings: Issue[] = [];
  sequence.forEach((raw, i) => {
    const id = raw.trim();
    const lot = byId.get(id);
    if (!lot) {
      warnings.push({
        code: "UNKNOWN_LOT",
        lotId: id,
        message: `sequence entry ${i + 1}: lot ${JSON.stringify(id)} matches no input lot`,
      });
    } else if (used.has(id)) {
      warnings.push({
        code: "DUPLICATE_LOT_ID",
        lotId: id,
        message: `sequence entry ${i + 1}: lot ${id} is listed twice`,
      });
    } else {
      used.add(id);
      ordered.push(lot);
    }
  });
  const rest = lots.filter((l) => !used.has(l.id));
  if (sequence.length && rest.length) {
    warnings.push({
      message: `${rest.length} lot(s) not in the sequence follow in input order`,
    });
  }
  return { ordered: [...ordered, ...rest], warnings };
}

export const givenOrder: Strategy = {
  name: "given-order",
  aliases: ["given", "fifo", "input-order"],
  description:
    "Plans lots in input order (or a sequence file's order); a block ends when the next lot does not fit.",
  kind: "heuristic",
  keepsOrder: true,
  options: [],
  run({ lots, config, sequence }) {
    if (!sequence) return { plan: packInOrder(lots, config) };
    const { ordered, warnings } = applySequence(lots, sequence);
    return { plan: packInOrder(ordered, config), warnings };
  },
};
