/**
 * Minimum bin slack (in the spirit of Gupta and Ho's MBS, with the largest lot fixed in each
 * block as in Fleszar and Hindi's MBS'): blocks are built one at a time, each from the largest
 * lot left and the subset of the others that leaves the least room, found exactly by a
 * subset-sum table over the block's room. Where most lots are large and every block must be
 * nearly full, filling each block as well as possible finds packings that first-fit and moves
 * between full blocks miss.
 *
 * Exact only where types do not interact (no setups between types, or a single type) and sizes
 * are whole units; the table's work is about lots × Σ sizes / 2 cells, so larger inputs are left
 * to the other constructions.
 */
import type { Instance } from "../packing/mod.ts";

/** Most table cells one construction may fill (about 50 ms). */
const MAX_WORK = 30_000_000;

/** The packing, or null where this construction does not apply or would take too long. */
export function minBinSlack(inst: Instance, maxWork = MAX_WORK): number[][] | null {
  const { n, size } = inst;
  if (n === 0) return [];
  if (inst.setup !== 0 && inst.nTypes !== 1) return null;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(size[i]!)) return null;
    total += size[i]!;
  }
  // One type pays its setup in every block; with none, the room is the capacity.
  const room0 = Math.floor(inst.capacity) - (inst.nTypes === 1 ? inst.setup : 0);
  if (!Number.isInteger(room0) || room0 <= 0 || (n * total) / 2 > maxWork) return null;
  let alive = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => size[b]! - size[a]! || a - b);
  // Lots of no size go with the first block (the table cannot choose them).
  const free = alive.filter((i) => size[i]! <= 0);
  alive = alive.filter((i) => size[i]! > 0);
  // pred[w]: the position (in `alive`) of the last lot of a subset summing to w; -1 for w = 0,
  // NONE when no subset does. Lots are added in order, so the lot before it sits earlier.
  const NONE = -2;
  const pred = new Int32Array(room0 + 1);
  const blocks: number[][] = [];
  while (alive.length) {
    const first = alive[0]!;
    const room = room0 - size[first]!;
    const block = [first, ...(blocks.length === 0 ? free : [])];
    if (room > 0) {
      pred.fill(NONE, 0, room + 1);
      pred[0] = -1;
      let reach = 0;
      for (let k = 1; k < alive.length && pred[room] === NONE; k++) {
        const s = size[alive[k]!]!;
        if (s > room) continue;
        for (let w = Math.min(room, reach + s); w >= s; w--) {
          if (pred[w] === NONE && pred[w - s] !== NONE) pred[w] = k;
        }
        reach = Math.min(room, reach + s);
      }
      let w = room;
      while (pred[w] === NONE) w--;
      const taken = new Set<number>();
      while (w > 0) {
        const k = pred[w]!;
        taken.add(k);
        w -= size[alive[k]!]!;
      }
      for (const k of taken) block.push(alive[k]!);
      alive = alive.filter((_, k) => k !== 0 && !taken.has(k));
    } else alive = alive.slice(1);
    blocks.push(block);
  }
  if (blocks.length === 0) blocks.push(free);
  return blocks;
}
