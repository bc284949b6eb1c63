/**
 * The bin-packing-with-setups form of a scheduling instance.
 *
 * A lot of fill f has size a = f + s; a block holds lots whose sizes plus e = D − s per distinct
 * type sum to at most the capacity W + D; a block of lots S with d types costs
 * u + Σ_{i∈S} a_i + e·d with u = C − D, and the makespan is the sum of the block costs.
 * Identical lots (same type and vials) are grouped, so models stay small.
 */
import type { LineConfig, Lot } from "../model.ts";
import { EPS_HOURS, fillHours } from "../rules.ts";
import { type PackingTerms, packingTerms } from "./terms.ts";

/** Lots of one type with the same number of vials: interchangeable in every model. */
export interface LotGroup {
  /** Index into `PackingForm.types`. */
  readonly type: number;
  readonly fill: number;
  /** fill + chgSame: the room one lot takes in a block. */
  readonly size: number;
  readonly lots: readonly Lot[];
}

/** An instance in packing form: its lots in groups, with the line's packing terms (hours). */
export interface PackingForm extends PackingTerms {
  readonly groups: readonly LotGroup[];
  readonly types: readonly string[];
  /** Σ size: the part of the makespan no decision changes. */
  readonly base: number;
  readonly lotCount: number;
  /**
   * A step g > 0 such that every makespan is base + g·k for an integer k (when blockCost and
   * setup are whole multiples of g), else 0.
   */
  readonly lattice: number;
  /**
   * Units per hour in which every lot's size, the setup and the capacity are whole numbers (the
   * fill rate: sizes are then vials), or 0 when they are not; exact knapsacks count in them.
   */
  readonly unitsPerHour: number;
}

/** The packing form of `lots`; groups are ordered by type, then by size descending. */
export function packingForm(lots: readonly Lot[], config: LineConfig): PackingForm {
  const terms = packingTerms(config);
  const typeIndex = new Map<string, number>();
  const byKey = new Map<string, Lot[]>();
  for (const lot of lots) {
    if (!typeIndex.has(lot.type)) typeIndex.set(lot.type, typeIndex.size);
    const key = `${typeIndex.get(lot.type)}\u0000${lot.vials}`;
    const list = byKey.get(key);
    if (list) list.push(lot);
    else byKey.set(key, [lot]);
  }
  const groups: LotGroup[] = [...byKey.values()].map((members) => {
    const fill = fillHours(members[0]!, config);
    return {
      type: typeIndex.get(members[0]!.type)!,
      fill,
      size: fill + terms.perLot,
      lots: members,
    };
  });
  groups.sort((x, y) => x.type - y.type || y.size - x.size);
  let base = 0;
  for (const g of groups) base += g.size * g.lots.length;
  return {
    ...terms,
    groups,
    types: [...typeIndex.keys()],
    base,
    lotCount: lots.length,
    lattice: commonStep(terms.blockCost, terms.setup),
    unitsPerHour: wholeUnits(config.fillRateVph, terms, lots) ? config.fillRateVph : 0,
  };
}

/** Whether sizes, setup and capacity are whole numbers of 1/rate hours (vials). */
function wholeUnits(rate: number, terms: PackingTerms, lots: readonly Lot[]): boolean {
  return [rate * terms.perLot, rate * terms.setup, rate * terms.capacity].every((x) =>
    Number.isSafeInteger(Math.round(x)) && Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, x)
  ) && lots.every((l) => Number.isSafeInteger(l.vials));
}

/**
 * How many groups packingForm(lots) has, without building it: the size of a model over the
 * groups is known before paying for the form.
 */
export function groupCount(lots: readonly Lot[]): number {
  const typeIndex = new Map<string, number>();
  const keys = new Set<number>();
  for (const lot of lots) {
    let t = typeIndex.get(lot.type);
    if (t === undefined) typeIndex.set(lot.type, t = typeIndex.size);
    // Vials are whole numbers below 2^31 (the window caps them far lower), so the key is exact.
    keys.add(t * 2 ** 31 + lot.vials);
  }
  return keys.size;
}

/** Whether lots of `size`s with `types` distinct types fit one block (same tolerance as the rules). */
export function fitsBlock(sizeSum: number, types: number, form: PackingForm): boolean {
  return sizeSum + form.setup * types <= form.capacity + EPS_HOURS;
}

/** Scale under which config hours are read as whole numbers (micro-hours). */
const STEP_SCALE = 1e6;

/** The largest g with x and y both whole multiples of g (to 1e-6 h), or 0 when there is none. */
export function commonStep(x: number, y: number): number {
  const toInt = (v: number) => {
    const k = Math.round(Math.abs(v) * STEP_SCALE);
    return Math.abs(k - Math.abs(v) * STEP_SCALE) < 1e-6 && k <= Number.MAX_SAFE_INTEGER ? k : -1;
  };
  let a = toInt(x);
  let b = toInt(y);
  if (a < 0 || b < 0) return 0;
  while (b) [a, b] = [b, a % b];
  return a / STEP_SCALE;
}

/** Relative slack before rounding up to the lattice, far above float noise of a bound. */
const LATTICE_EPS = 1e-6;

/**
 * The smallest makespan on the lattice base + g·k that is ≥ `bound`. Valid because every
 * feasible makespan lies on the lattice (its cost beyond `base` is u·blocks + e·types).
 */
export function roundUpToLattice(bound: number, form: PackingForm): number {
  const g = form.lattice;
  if (!(g > 0) || !Number.isFinite(bound)) return bound;
  return form.base + g * Math.ceil((bound - form.base) / g - LATTICE_EPS);
}

/** The makespan of blocks given as lists of group indices (one entry per lot). */
export function blocksCost(blocks: readonly (readonly number[])[], form: PackingForm): number {
  let cost = form.base;
  for (const block of blocks) {
    cost += form.blockCost + form.setup * new Set(block.map((g) => form.groups[g]!.type)).size;
  }
  return cost;
}
