/**
 * The packing view of a problem (domain.md "Structure worth knowing"): each lot has a size
 * fill + chgSame, each distinct type in a block adds chgDiff − chgSame, a block holds
 * windowHours + chgDiff, and the makespan is base + alpha·blocks + beta·typeSlots.
 */
import type { LineConfig, Lot } from "../model.ts";
import { EPS_HOURS, fillHours } from "../rules.ts";
import { numberTypes } from "../type_numbers.ts";

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
  /** Capacity units taken by each distinct type in a block (chgDiff − chgSame). */
  readonly typeCost: number;
  /** Block capacity in units (windowHours + chgDiff), tolerance included. */
  readonly cap: number;
  /** Hours per block: cleanHours − chgDiffHours. */
  readonly alpha: number;
  /** Hours per type slot: chgDiffHours − chgSameHours. */
  readonly beta: number;
  /** Hours that do not depend on the packing: Σ fill + chgSame · n. */
  readonly baseHours: number;
  /** Lot indices of each type. */
  readonly lotsByType: readonly Int32Array[];
}

/**
 * Builds the instance. When the rate times every hour constant is a whole number, sizes are
 * counted in vials (exact integer arithmetic, no drift); otherwise in hours with a tiny tolerance.
 */
export function makeInstance(lots: readonly Lot[], config: LineConfig): Instance {
  const { fillRateVph: r, chgSameHours: s, chgDiffHours: d, windowHours: w } = config;
  const exact = [r * s, r * (d - s), r * (w + d)].every((x) => Number.isSafeInteger(x)) &&
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
    typeCost: exact ? r * (d - s) : d - s,
    // Half a vial of slack in exact mode cannot admit an overfull block (sizes are whole vials).
    cap: exact ? r * (w + d) + 0.5 : w + d + EPS_HOURS,
    alpha: config.cleanHours - d,
    beta: d - s,
    baseHours: fill + s * n,
    lotsByType,
  };
}
