/**
 * Brute-force optimum of the part after a frozen prefix, written from the rules alone: every set
 * partition of the free lots, where one part may continue the open block (after its last type,
 * with the hours it already uses) and every other part is a block of its own behind a CLEAN.
 */
import type { LineConfig, Lot } from "../../../src/engine/model.ts";
import { blockHours } from "../../_helpers/brute_force.ts";

const EPS = 1e-9;

/** Hours the open block's added lots take: same-type lots first, other types grouped after. */
function continuationHours(lots: readonly Lot[], lastType: string, c: LineConfig): number {
  if (!lots.length) return 0;
  const fill = lots.reduce((s, l) => s + l.vials / c.fillRateVph, 0);
  const others = new Set(lots.filter((l) => l.type !== lastType).map((l) => l.type)).size;
  return fill + c.chgSameHours * lots.length + (c.chgDiffHours - c.chgSameHours) * others;
}

/**
 * The least makespan (hours from the schedule start) of any plan that keeps the prefix, which ends
 * at `endH`; `open` = the last frozen block may take more lots.
 */
export function bruteForceAfterPrefix(
  free: readonly Lot[],
  c: LineConfig,
  endH: number,
  open: { lastType: string; usedHours: number } | null,
): number {
  let best = Infinity;
  const cont: Lot[] = [];
  const blocks: Lot[][] = [];
  const cost = () =>
    endH + (open ? continuationHours(cont, open.lastType, c) : 0) +
    blocks.reduce((s, b) => s + c.cleanHours + blockHours(b, c), 0);
  const visit = (i: number) => {
    if (i === free.length) {
      best = Math.min(best, cost());
      return;
    }
    const lot = free[i]!;
    if (open) {
      cont.push(lot);
      if (open.usedHours + continuationHours(cont, open.lastType, c) <= c.windowHours + EPS) {
        visit(i + 1);
      }
      cont.pop();
    }
    for (const b of blocks) {
      b.push(lot);
      if (blockHours(b, c) <= c.windowHours + EPS) visit(i + 1);
      b.pop();
    }
    blocks.push([lot]);
    visit(i + 1);
    blocks.pop();
  };
  visit(0);
  return best;
}
