/**
 * The per-lot view of the packing model (terms.ts), for search: sizes and types as typed
 * arrays, in vials when that is exact, and the makespan as base + blockCost·blocks +
 * setupHours·typeSlots.
 */
import type { LineConfig, Lot } from "../model.ts";
import { EPS_HOURS, fillHours } from "../rules.ts";
import { numberTypes } from "../type_numbers.ts";
import { packingTerms } from "./terms.ts";

/** Sizes and types of the lots as numbers, ready for fast search. */
export interface Instance {
  readonly lots: readonly Lot[];
  readonly n: number;
  /** Size of each lot in capacity units (fill + chgSame). */
  readonly size: Float64Array;
  /** Type index of each lot, 0-based. */
  readonly type: Int32Array;
  readonly typeNames: readonly string[];
  readonly nTypes: number;
  /** Capacity units taken by each distinct type in a block (the terms' setup). */
  readonly setup: number;
  /** Block capacity in units (the terms' capacity), tolerance included. */
  readonly capacity: number;
  /** Hours per block: the terms' blockCost. */
  readonly blockCost: number;
  /** Hours per type slot: the terms' setup, in hours. */
  readonly setupHours: number;
  /** Hours that do not depend on the packing: Σ fill + chgSame · n. */
  readonly base: number;
  /** Lot indices of each type. */
  readonly lotsByType: readonly Int32Array[];
}

/**
 * Builds the instance. When the rate times every hour constant is a whole number, sizes are
 * counted in vials (exact integer arithmetic, no drift); otherwise in hours with a tiny tolerance.
 */
export function makeInstance(lots: readonly Lot[], config: LineConfig): Instance {
  const r = config.fillRateVph;
  const terms = packingTerms(config);
  const s = terms.perLot;
  const exact =
    [r * s, r * terms.setup, r * terms.capacity].every((x) => Number.isSafeInteger(x)) &&
    lots.every((l) => Number.isSafeInteger(l.vials));
  const n = lots.length;
  const size = new Float64Array(n);
  const { type, typeNames } = numberTypes(lots);
  let fill = 0;
  lots.forEach((lot, i) => {
    fill += fillHours(lot, config);
    size[i] = exact ? lot.vials + r * s : fillHours(lot, config) + s;
  });
  const counts = new Int32Array(typeNames.length);
  for (let i = 0; i < n; i++) counts[type[i]!]!++;
  const lotsByType = typeNames.map((_, t) => new Int32Array(counts[t]!));
  const fillPos = new Int32Array(typeNames.length);
  for (let i = 0; i < n; i++) lotsByType[type[i]!]![fillPos[type[i]!]!++] = i;
  return {
    lots,
    n,
    size,
    type,
    typeNames,
    nTypes: typeNames.length,
    setup: exact ? r * terms.setup : terms.setup,
    // Half a vial of slack in exact mode cannot admit an overfull block (sizes are whole vials).
    capacity: exact ? r * terms.capacity + 0.5 : terms.capacity + EPS_HOURS,
    blockCost: terms.blockCost,
    setupHours: terms.setup,
    base: fill + s * n,
    lotsByType,
  };
}
