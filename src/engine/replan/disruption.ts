/** How far a new plan strays from the old one, and moves that cost nothing to undo. */
import type { Lot } from "../model.ts";

/**
 * The lots of both orders that moved: those outside a longest common subsequence, i.e. the
 * fewest lots whose removal leaves both orders the same. Longest increasing run, O(n log n).
 */
export function movedLots(before: readonly string[], after: readonly string[]): string[] {
  const pos = new Map(before.map((id, i) => [id, i]));
  const common = after.filter((id) => pos.has(id));
  const seq = common.map((id) => pos.get(id)!);
  // tails[k]: index into seq of the smallest tail of an increasing run of length k + 1.
  const tails: number[] = [];
  const prev = new Int32Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0, hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const stay = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) stay.add(i);
  return common.filter((_, i) => !stay.has(i));
}

/**
 * Blocks in the order their lots had before (by their earliest lot; blocks of new lots only keep
 * their place at the end). Block order does not change the makespan, so this is free.
 */
export function blocksInFormerOrder(blocks: readonly Lot[][], before: readonly string[]): Lot[][] {
  const pos = new Map(before.map((id, i) => [id, i]));
  const key = (b: readonly Lot[]) =>
    b.reduce((m, l) => Math.min(m, pos.get(l.id) ?? Infinity), Infinity);
  return blocks.map((b, i) => ({ b, i, k: key(b) }))
    .sort((x, y) => (x.k === y.k ? x.i - y.i : x.k < y.k ? -1 : 1))
    .map((x) => x.b);
}
