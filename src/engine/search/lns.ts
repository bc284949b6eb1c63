/**
 * Large neighbourhood moves: take some lots out of a few blocks and put them back in the best
 * way, exactly: dynamic programming over subsets assigns the chosen lots to those blocks
 * (which keep their other lots), minimising blockCost·blocks + setupHours·typeSlots − w·Σ(load/capacity)².
 * A block whose lots are all chosen may end up empty, which is how blocks disappear.
 */
import type { PackState } from "./state.ts";

/** Most lots one re-assignment handles (blocks × 3^m subset pairs). */
export const MAX_EXACT_LOTS = 12;

/** Reused buffers for the subset DP, grown on demand. */
export class RepackScratch {
  size = new Float64Array(1);
  tmask = new Int32Array(1);
  cur = new Float64Array(1);
  next = new Float64Array(1);
  choice: Int32Array[] = [];
  #energies: Float64Array[] = [];
  /** k energy tables of at least `size` entries. */
  energies(k: number, size: number): Float64Array[] {
    if (this.#energies.length && this.#energies[0]!.length < size) this.#energies = [];
    while (this.#energies.length < k) this.#energies.push(new Float64Array(size));
    return this.#energies;
  }
  ensure(size: number, blocks: number): void {
    if (this.size.length < size) {
      this.size = new Float64Array(size);
      this.tmask = new Int32Array(size);
      this.cur = new Float64Array(size);
      this.next = new Float64Array(size);
      this.choice = [];
    }
    while (this.choice.length < blocks) this.choice.push(new Int32Array(this.size.length));
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The best way to put `lots` back into `blocks`: the lots of each block, and the energy. */
export interface Reassignment {
  readonly groups: number[][];
  readonly energy: number;
  /** blockCost · non-empty blocks + setupHours · type slots of these blocks afterwards. */
  readonly cost: number;
}

/**
 * Assigns `lots` (all currently in `blocks`) to `blocks` optimally, the blocks' other lots
 * staying. Returns null when there are too many lots. `w` weighs Σ (load/capacity)².
 */
export function bestReassign(
  st: PackState,
  blocks: readonly number[],
  lots: readonly number[],
  w: number,
  scratch: RepackScratch,
): Reassignment | null {
  const m = lots.length;
  const k = blocks.length;
  if (m > MAX_EXACT_LOTS || m === 0 || k === 0) return null;
  const inst = st.inst;
  const full = (1 << m) - 1;
  scratch.ensure(full + 1, k);
  const { size, tmask, choice } = scratch;
  let cur = scratch.cur, next = scratch.next;
  // Local type bits for the chosen lots.
  const local = new Map<number, number>();
  const tbit = new Int32Array(m);
  for (let x = 0; x < m; x++) {
    const t = inst.type[lots[x]!]!;
    let y = local.get(t);
    if (y === undefined) local.set(t, y = local.size);
    tbit[x] = 1 << y;
  }
  size[0] = 0;
  tmask[0] = 0;
  for (let s = 1; s <= full; s++) {
    const low = s & -s;
    const x = 31 - Math.clz32(low);
    size[s] = size[s ^ low]! + inst.size[lots[x]!]!;
    tmask[s] = tmask[s ^ low]! | tbit[x]!;
  }
  // What each block keeps: its load, lot count and local types present, without the chosen lots.
  const chosenBy = new Map<number, number>(); // block -> number of chosen lots in it
  for (const i of lots) chosenBy.set(st.blockOf[i]!, (chosenBy.get(st.blockOf[i]!) ?? 0) + 1);
  const { capacity, setup, blockCost, setupHours } = inst;
  // e_j(S): energy of block j holding what it keeps plus the chosen subset S.
  const table = scratch.energies(k, full + 1);
  for (let j = 0; j < k; j++) {
    const b = blocks[j]!;
    const keepCount = st.members[b]!.length - (chosenBy.get(b) ?? 0);
    let keepLoad = 0;
    for (const i of st.members[b]!) if (!lots.includes(i)) keepLoad += inst.size[i]!;
    // Types the block keeps: count(b,t) minus the chosen lots of t in b.
    let keepTypes = 0;
    let keepMask = 0;
    const seen = new Set<number>();
    for (const i of st.members[b]!) {
      const t = inst.type[i]!;
      if (seen.has(t)) continue;
      seen.add(t);
      let chosenOfT = 0;
      for (const c of lots) if (st.blockOf[c] === b && inst.type[c] === t) chosenOfT++;
      if (st.table.count(b, t) > chosenOfT) {
        keepTypes++;
        const y = local.get(t);
        if (y !== undefined) keepMask |= 1 << y;
      }
    }
    const e = table[j]!;
    for (let sub = 0; sub <= full; sub++) {
      if (sub === 0 && keepCount === 0) {
        e[sub] = 0;
        continue;
      }
      const types = keepTypes + popcount(tmask[sub]! & ~keepMask);
      const l = keepLoad + size[sub]! + setup * types;
      if (l > capacity) e[sub] = Infinity;
      else {
        const r = l / capacity;
        e[sub] = blockCost + setupHours * types - w * r * r;
      }
    }
  }
  // cur[s]: best energy of blocks 0..j holding subset s; the last block takes the rest.
  cur.set(table[0]!.subarray(0, full + 1));
  for (let j = 1; j < k - 1; j++) {
    const e = table[j]!;
    const ch = choice[j]!;
    for (let s = 0; s <= full; s++) {
      let bestV = Infinity, bestT = 0;
      let sub = s;
      for (;;) {
        const v = cur[s ^ sub]! + e[sub]!;
        if (v < bestV) {
          bestV = v;
          bestT = sub;
        }
        if (sub === 0) break;
        sub = (sub - 1) & s;
      }
      next[s] = bestV;
      ch[s] = bestT;
    }
    const tmp = cur;
    cur = next;
    next = tmp;
  }
  let energy = Infinity, lastT = 0;
  const eLast = table[k - 1]!;
  if (k === 1) {
    energy = cur[full]!;
    lastT = full;
  } else {
    for (let t = 0; t <= full; t++) {
      const v = cur[full ^ t]! + eLast[t]!;
      if (v < energy) {
        energy = v;
        lastT = t;
      }
    }
  }
  if (!Number.isFinite(energy)) return null;
  const groups: number[][] = [];
  const groupOf = (t: number) => {
    const g: number[] = [];
    for (let x = 0; x < m; x++) if (t & (1 << x)) g.push(lots[x]!);
    return g;
  };
  let s = full;
  if (k > 1) {
    groups[k - 1] = groupOf(lastT);
    s ^= lastT;
  }
  for (let j = k - 2; j >= 1; j--) {
    const t = choice[j]![s]!;
    groups[j] = groupOf(t);
    s ^= t;
  }
  groups[0] = groupOf(s);
  // Packing cost (blockCost per non-empty block, setupHours per type slot) of the result.
  let cost = 0;
  groups.forEach((g, j) => {
    const b = blocks[j]!;
    const kept = st.members[b]!.filter((i) => !lots.includes(i));
    if (kept.length + g.length === 0) return;
    const types = new Set<number>();
    for (const i of kept) types.add(inst.type[i]!);
    for (const i of g) types.add(inst.type[i]!);
    cost += blockCost + setupHours * types.size;
  });
  return { groups, energy, cost };
}

/** Energy of the given blocks as they are now (same terms as bestReassign). */
export function blocksEnergy(st: PackState, blocks: readonly number[], w: number): number {
  const { blockCost, setupHours, capacity } = st.inst;
  let e = 0;
  for (const b of blocks) {
    if (st.members[b]!.length === 0) continue;
    const r = st.load[b]! / capacity;
    e += blockCost + setupHours * st.ntypes[b]! - w * r * r;
  }
  return e;
}

/** blockCost · blocks + setupHours · type slots of the given blocks as they are now. */
export function blocksCost(st: PackState, blocks: readonly number[]): number {
  let c = 0;
  for (const b of blocks) {
    if (st.members[b]!.length) c += st.inst.blockCost + st.inst.setupHours * st.ntypes[b]!;
  }
  return c;
}

/** Puts each group of lots into the matching block (lots of `groups` leave their blocks first). */
export function applyReassign(
  st: PackState,
  blocks: readonly number[],
  groups: readonly (readonly number[])[],
): void {
  for (const g of groups) for (const i of g) st.remove(i);
  // Blocks emptied above went back to the free slots: pick every target before adding, so
  // two groups never land in the same reopened slot.
  const targets = groups.map((g, j) =>
    g.length === 0 ? -1 : st.members[blocks[j]!]!.length === 0 ? st.openBlock() : blocks[j]!
  );
  groups.forEach((g, j) => {
    for (const i of g) st.add(i, targets[j]!);
  });
}
