/**
 * The line in packing terms, the one place both views of the model (the grouped form for LPs
 * and MILPs, the per-lot instance for search) take them from: a lot of fill f has size f + chgSame, each distinct type in a block adds
 * setup = chgDiff − chgSame, a block holds capacity = windowHours + chgDiff, and the makespan
 * is base + blockCost·blocks + setup·typeSlots with blockCost = cleanHours − chgDiff.
 */
import type { LineConfig, Lot } from "../model.ts";
import { fillHours } from "../rules.ts";

export interface PackingTerms {
  /** windowHours + chgDiff: the room of one block, hours. */
  readonly capacity: number;
  /** chgDiff − chgSame: room and cost of each distinct type in a block, hours. */
  readonly setup: number;
  /** cleanHours − chgDiff: the cost of a block beyond its lots and types, hours. */
  readonly blockCost: number;
  /** chgSame: what every lot adds to its fill. */
  readonly perLot: number;
}

export function packingTerms(config: LineConfig): PackingTerms {
  return {
    capacity: config.windowHours + config.chgDiffHours,
    setup: config.chgDiffHours - config.chgSameHours,
    blockCost: config.cleanHours - config.chgDiffHours,
    perLot: config.chgSameHours,
  };
}

/** The room a lot takes in a block, hours: fill + chgSame. */
export function lotSize(lot: Pick<Lot, "vials">, config: LineConfig): number {
  return fillHours(lot, config) + config.chgSameHours;
}

/** Tolerance before rounding a block count up, so float noise never adds a block. */
const ROUND_EPS = 1e-9;

/** ⌈x⌉ for a count of blocks computed in floats. */
export function ceilCount(x: number): number {
  return Math.ceil(x - ROUND_EPS);
}
