/**
 * What changed since a schedule was made: lots added, lots removed, vial counts changed. Either
 * given as such, or read off the lots as they are now. A change may not touch a frozen lot.
 */
import type { Issue, Lot } from "../model.ts";

export interface LotChanges {
  readonly add?: readonly Lot[];
  /** IDs of lots that are no longer to be filled. */
  readonly remove?: readonly string[];
  readonly setVials?: readonly { readonly lotId: string; readonly vials: number }[];
}

/** The free lots after the changes, in the schedule's order with the added lots last. */
export interface ChangedLots {
  /** Lots of the schedule still to be planned (changed vials applied), in their old order. */
  readonly kept: readonly Lot[];
  readonly added: readonly Lot[];
  readonly removed: readonly string[];
  readonly changed: readonly {
    readonly lotId: string;
    readonly from: number;
    readonly to: number;
  }[];
  readonly issues: readonly Issue[];
}

/**
 * The changes that turn `before` into `now`. Frozen lots missing from `now` are taken as done, not
 * removed (a list of lots as they are now rarely holds those already filled).
 */
export function changesBetween(
  before: readonly Lot[],
  now: readonly Lot[],
  frozenIds: ReadonlySet<string>,
): LotChanges {
  const old = new Map(before.map((l) => [l.id, l]));
  const seen = new Set(now.map((l) => l.id));
  const add: Lot[] = [];
  const setVials: { lotId: string; vials: number }[] = [];
  for (const lot of now) {
    const was = old.get(lot.id);
    if (!was) add.push(lot);
    else if (was.vials !== lot.vials || was.type !== lot.type) {
      if (was.type !== lot.type) add.push(lot); // reported as a type change below
      else setVials.push({ lotId: lot.id, vials: lot.vials });
    }
  }
  const remove = before.filter((l) => !seen.has(l.id) && !frozenIds.has(l.id)).map((l) => l.id);
  return { add, remove, setVials };
}

/** Applies `changes` to the schedule's free lots; every change that cannot apply is an issue. */
export function applyChanges(
  lots: readonly Lot[],
  frozenIds: ReadonlySet<string>,
  changes: LotChanges,
): ChangedLots {
  const issues: Issue[] = [];
  const byId = new Map(lots.map((l) => [l.id, l]));
  const touch = (id: string, field: string, what: string): boolean => {
    if (frozenIds.has(id)) {
      issues.push({
        code: "FROZEN_LOT",
        field,
        lotId: id,
        message:
          `${field}: lot ${id} has already started; it is kept as it is and cannot be ${what}`,
      });
      return false;
    }
    if (!byId.has(id)) {
      issues.push({
        code: "LOT_NOT_IN_PLAN",
        field,
        lotId: id,
        message: `${field}: lot ${id} is not in the schedule`,
      });
      return false;
    }
    return true;
  };
  const removed = new Set<string>();
  for (const id of changes.remove ?? []) if (touch(id, "remove", "removed")) removed.add(id);
  const vials = new Map<string, number>();
  for (const c of changes.setVials ?? []) {
    if (touch(c.lotId, "setVials", "changed")) vials.set(c.lotId, c.vials);
  }
  for (const lot of changes.add ?? []) {
    const was = byId.get(lot.id);
    if (!was) continue;
    // The same ID with another type is a different product: refuse rather than guess.
    issues.push({
      code: frozenIds.has(lot.id) ? "FROZEN_LOT" : "DUPLICATE_LOT_ID",
      field: "add",
      lotId: lot.id,
      message: was.type !== lot.type
        ? `add: lot ${lot.id} is already in the schedule as type ${was.type}, not ${lot.type}`
        : `add: lot ${lot.id} is already in the schedule`,
    });
  }
  const changed: ChangedLots["changed"][number][] = [];
  const kept: Lot[] = [];
  for (const lot of lots) {
    if (frozenIds.has(lot.id) || removed.has(lot.id)) continue;
    const v = vials.get(lot.id);
    if (v !== undefined && v !== lot.vials) {
      changed.push({ lotId: lot.id, from: lot.vials, to: v });
      kept.push({ ...lot, vials: v });
    } else kept.push(lot);
  }
  return {
    kept,
    added: (changes.add ?? []).filter((l) => !byId.has(l.id)),
    removed: [...removed],
    changed,
    issues,
  };
}
