/**
 * Bin-packing constructions that know about types: first-fit and best-fit decreasing over
 * several lot orders, each preferring blocks that already hold the lot's type.
 */
import type { Instance } from "../packing/mod.ts";
import { PackState } from "./state.ts";
import { defaultTypePenalty, roomFill } from "./room_fill.ts";
import { minBinSlack } from "./min_bin_slack.ts";

export type FitRule = "first" | "best";

/** Block scans per construction (n × window), so a construction stays well under 100 ms. */
const WORK_PER_PACK = 2_000_000;

/** Lot orders the constructions try. */
export type LotOrder = "size" | "type-size" | "type-count";

/** Lot indices in the given order (ties broken by index, so it is deterministic). */
export function orderLots(inst: Instance, order: LotOrder): number[] {
  const idx = Array.from({ length: inst.n }, (_, i) => i);
  const { size, type } = inst;
  if (order === "size") return idx.sort((a, b) => size[b]! - size[a]! || a - b);
  // Types by total size (or lot count) descending, then lots by size descending.
  const key = new Float64Array(inst.nTypes);
  for (let i = 0; i < inst.n; i++) key[type[i]!]! += order === "type-size" ? size[i]! : 1;
  return idx.sort((a, b) =>
    key[type[b]!]! - key[type[a]!]! || type[a]! - type[b]! || size[b]! - size[a]! || a - b
  );
}

/**
 * Packs lots in `order`: each goes to the first (or tightest) open block it fits, blocks
 * holding its type first when `preferType`; else to a new block.
 * The scan is over open blocks; `window` bounds it to the most recent ones, so the work is
 * O(n · window) with window shrinking as n grows (about 2·10⁶ block checks in all).
 */
export function greedyPack(
  inst: Instance,
  order: readonly number[],
  rule: FitRule,
  preferType = true,
  window = Math.max(64, Math.floor(WORK_PER_PACK / Math.max(1, inst.n))),
): number[][] {
  const st = new PackState(inst, Math.max(1, inst.n));
  const open: number[] = [];
  const { capacity, size, type, setup } = inst;
  for (const i of order) {
    const t = type[i]!;
    let best = -1, bestKey = Infinity;
    const from = Math.max(0, open.length - window);
    for (let k = from; k < open.length; k++) {
      const b = open[k]!;
      const newType = st.table.count(b, t) === 0;
      const after = st.load[b]! + size[i]! + (newType ? setup : 0);
      if (after > capacity) continue;
      const key = (preferType && newType ? 2 * capacity : 0) +
        (rule === "best" ? capacity - after : k);
      if (key < bestKey) {
        bestKey = key;
        best = b;
        if (rule === "first" && !(preferType && newType)) break;
      }
    }
    if (best < 0) {
      best = st.openBlock();
      open.push(best);
    }
    st.add(i, best);
  }
  return st.toBlocks();
}

/** Room filling's type penalties tried, as multiples of its default (the first is the best alone). */
const ROOM_FILL_PENALTIES = [1.2, 0.8, 1.6];

/**
 * Every construction, built as they are asked for: room filling (strongest where blocks hold
 * few lots), then (order, rule) pairs with type preference on, then minimum bin slack where it
 * applies (types that do not interact, whole sizes).
 */
export function* constructions(inst: Instance): Generator<{ name: string; blocks: number[][] }> {
  const penalties = inst.setupHours > 0 ? ROOM_FILL_PENALTIES : [1];
  for (const f of penalties) {
    yield { name: `room-fill ×${f}`, blocks: roomFill(inst, defaultTypePenalty(inst) * f) };
  }
  for (const order of ["size", "type-size", "type-count"] as const) {
    const lots = orderLots(inst, order);
    for (const rule of ["best", "first"] as const) {
      yield { name: `${rule}-fit/${order}`, blocks: greedyPack(inst, lots, rule) };
    }
  }
  const mbs = minBinSlack(inst);
  if (mbs) yield { name: "min-bin-slack", blocks: mbs };
}
