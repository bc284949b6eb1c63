/**
 * Any strategy can plan the remainder after a frozen prefix, unchanged: the open block's hours
 * so far become one stand-in lot of its last type. A plan with the stand-in anywhere turns into
 * one with it first in the first block at no cost (grouping a block's types never costs more, and
 * block order does not change the makespan), so the stand-in problem has exactly the remainder's
 * optimum and its lower bounds hold for the remainder.
 */
import type { LineConfig, Lot, Plan } from "../model.ts";
import type { FrozenPrefix } from "./frozen.ts";

/** An ID no lot can have: lots come from CSV or JSON text, where NUL never appears. */
const STAND_IN_ID = "\u0000open block";

/** The lots a strategy plans: the stand-in first (when the block is open), then `free`. */
export function standInLots(
  free: readonly Lot[],
  prefix: FrozenPrefix,
  config: LineConfig,
): Lot[] {
  if (!prefix.open) return [...free];
  const raw = prefix.open.usedHours * config.fillRateVph;
  // Whole vials whenever the hours allow, so packers keep their exact integer mode.
  const vials = Math.abs(raw - Math.round(raw)) < 1e-6 ? Math.round(raw) : raw;
  return [{ id: STAND_IN_ID, type: prefix.open.lastType, vials }, ...free];
}

/**
 * The strategy's plan as the remainder: the stand-in's block first, its type group first and the
 * stand-in first in it, then the stand-in dropped, so that block continues the open one.
 */
export function withoutStandIn(plan: Plan): { blocks: Lot[][]; continues: boolean } {
  const at = plan.findIndex((b) => b.some((l) => l.id === STAND_IN_ID));
  if (at < 0) return { blocks: plan.map((b) => [...b]), continues: false };
  const block = plan[at]!;
  const standIn = block.find((l) => l.id === STAND_IN_ID)!;
  const first = block[0] === standIn ? [...block] : [
    standIn,
    ...block.filter((l) => l.type === standIn.type && l !== standIn),
    ...groupedByType(block.filter((l) => l.type !== standIn.type)),
  ];
  const rest = plan.filter((_, i) => i !== at).map((b) => [...b]);
  return { blocks: [first.slice(1), ...rest], continues: true };
}

/** Lots of one type together, types in first-seen order, order kept within a type. */
function groupedByType(lots: readonly Lot[]): Lot[] {
  const byType = new Map<string, Lot[]>();
  for (const l of lots) {
    const g = byType.get(l.type);
    if (g) g.push(l);
    else byType.set(l.type, [l]);
  }
  return [...byType.values()].flat();
}

/** Hours from the schedule start at which the stand-in problem's time 0 lies. */
export function standInOriginH(prefix: FrozenPrefix): number {
  return prefix.open ? prefix.open.cleanStartH : prefix.endH;
}
