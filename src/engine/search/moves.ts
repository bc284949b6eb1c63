/**
 * Neighbourhood moves on a PackState. Each `eval*` returns whether the move is feasible and
 * writes its effect into a reused Delta (O(1), or O(lots of one type in a block) for group
 * moves); each `apply*` performs it. Cost is in hours (blockCost per block, setupHours per type slot);
 * dq is the change of Σ (load / capacity)², the tie-breaker that pushes load into fewer blocks.
 */
import type { PackState } from "./state.ts";

/** The effect of one move: change in cost (hours) and in Σ (load / capacity)². */
export interface Delta {
  cost: number;
  dq: number;
}

/** A fresh delta record. */
export function newDelta(): Delta {
  return { cost: 0, dq: 0 };
}

function setDelta(
  st: PackState,
  out: Delta,
  b1: number,
  new1: number,
  b2: number,
  new2: number,
  cost: number,
): true {
  const c = st.inst.capacity;
  const o1 = st.load[b1]! / c, o2 = st.load[b2]! / c, n1 = new1 / c, n2 = new2 / c;
  out.cost = cost;
  out.dq = n1 * n1 + n2 * n2 - o1 * o1 - o2 * o2;
  return true;
}

/** Moving lot `i` to another block `b2`. */
export function evalRelocate(st: PackState, i: number, b2: number, out: Delta): boolean {
  const inst = st.inst;
  const b1 = st.blockOf[i]!;
  if (b1 === b2) return false;
  const t = inst.type[i]!;
  const a = inst.size[i]!;
  const newType = st.table.count(b2, t) === 0;
  const new2 = st.load[b2]! + a + (newType ? inst.setup : 0);
  if (new2 > inst.capacity) return false;
  const lastOfType = st.table.count(b1, t) === 1;
  const emptied = st.members[b1]!.length === 1;
  const new1 = emptied ? 0 : st.load[b1]! - a - (lastOfType ? inst.setup : 0);
  const cost = inst.setupHours * ((newType ? 1 : 0) - (lastOfType ? 1 : 0)) -
    (emptied ? inst.blockCost : 0);
  return setDelta(st, out, b1, new1, b2, new2, cost);
}

/** Exchanging lots `i` and `j` of two different blocks. */
export function evalSwap(st: PackState, i: number, j: number, out: Delta): boolean {
  const inst = st.inst;
  const b1 = st.blockOf[i]!, b2 = st.blockOf[j]!;
  if (b1 === b2) return false;
  const ti = inst.type[i]!, tj = inst.type[j]!;
  const ai = inst.size[i]!, aj = inst.size[j]!;
  if (ti === tj) {
    const new1 = st.load[b1]! - ai + aj, new2 = st.load[b2]! - aj + ai;
    if (new1 > inst.capacity || new2 > inst.capacity) return false;
    return setDelta(st, out, b1, new1, b2, new2, 0);
  }
  const tc = inst.setup;
  const lose1 = st.table.count(b1, ti) === 1, gain1 = st.table.count(b1, tj) === 0;
  const lose2 = st.table.count(b2, tj) === 1, gain2 = st.table.count(b2, ti) === 0;
  const new1 = st.load[b1]! - ai + aj + tc * ((gain1 ? 1 : 0) - (lose1 ? 1 : 0));
  if (new1 > inst.capacity) return false;
  const new2 = st.load[b2]! - aj + ai + tc * ((gain2 ? 1 : 0) - (lose2 ? 1 : 0));
  if (new2 > inst.capacity) return false;
  const dt = (gain1 ? 1 : 0) - (lose1 ? 1 : 0) + (gain2 ? 1 : 0) - (lose2 ? 1 : 0);
  return setDelta(st, out, b1, new1, b2, new2, inst.setupHours * dt);
}

/** Moving every lot of type `t` from block `b1` to block `b2` (drops a type slot from b1). */
export function evalGroupMove(
  st: PackState,
  b1: number,
  t: number,
  b2: number,
  out: Delta,
): boolean {
  const inst = st.inst;
  if (b1 === b2) return false;
  const cnt = st.table.count(b1, t);
  if (cnt === 0) return false;
  const g = st.table.load(b1, t);
  const newType = st.table.count(b2, t) === 0;
  const new2 = st.load[b2]! + g + (newType ? inst.setup : 0);
  if (new2 > inst.capacity) return false;
  const emptied = cnt === st.members[b1]!.length;
  const new1 = emptied ? 0 : st.load[b1]! - g - inst.setup;
  const cost = inst.setupHours * ((newType ? 1 : 0) - 1) - (emptied ? inst.blockCost : 0);
  return setDelta(st, out, b1, new1, b2, new2, cost);
}

/** Applies a group move evaluated with evalGroupMove. */
export function applyGroupMove(st: PackState, b1: number, t: number, b2: number): void {
  const type = st.inst.type;
  const lots = st.members[b1]!.filter((i) => type[i] === t);
  for (const i of lots) st.move(i, b2);
}

/** Applies a swap evaluated with evalSwap. */
export function applySwap(st: PackState, i: number, j: number): void {
  const b1 = st.blockOf[i]!, b2 = st.blockOf[j]!;
  // Remove both first so neither block is ever over capacity in between.
  st.remove(i);
  st.remove(j);
  st.add(i, b2);
  st.add(j, b1);
}

/**
 * How well lot `i` would sit in block `c`, lower is better: same-type blocks first (no new type
 * slot), then the tightest fit. Infinity when it does not fit.
 */
function fitKey(st: PackState, i: number, c: number): number {
  const inst = st.inst;
  const newType = st.table.count(c, inst.type[i]!) === 0;
  const after = st.load[c]! + inst.size[i]! + (newType ? inst.setup : 0);
  if (after > inst.capacity) return Infinity;
  return (newType ? inst.capacity * 2 : 0) + (inst.capacity - after);
}

/**
 * Empties block `b` by moving each of its lots (largest first) to the block where it fits
 * best, preferring blocks that already hold its type. Returns the cost change, or null
 * (state unchanged) when some lot fits nowhere or the change exceeds `maxCost`.
 * O(lots in b × blocks).
 */
export function emptyBlock(st: PackState, b: number, maxCost = Infinity): number | null {
  const inst = st.inst;
  const lots = [...st.members[b]!].sort((x, y) => inst.size[y]! - inst.size[x]! || x - y);
  const before = st.cost();
  const moved: number[] = [];
  for (const i of lots) {
    let best = -1, bestKey = Infinity;
    for (let k = 0; k < st.nActive; k++) {
      const c = st.active[k]!;
      if (c === b) continue;
      const key = fitKey(st, i, c);
      if (key < bestKey) {
        bestKey = key;
        best = c;
      }
    }
    if (best < 0) {
      for (const j of moved.reverse()) st.move(j, b);
      return null;
    }
    st.move(i, best);
    moved.push(i);
  }
  const dc = st.cost() - before;
  if (dc > maxCost) {
    // b went back to the free slots when its last lot left; reopen one and move all back.
    const back = st.openBlock();
    for (const j of moved) st.move(j, back);
    return null;
  }
  return dc;
}

/** Where lot `i` fits best among `blocks` (same type first, then tightest), or -1. */
function bestFitAmong(st: PackState, i: number, blocks: readonly number[], skip: number[]): number {
  let best = -1, bestKey = Infinity;
  for (const c of blocks) {
    if (skip.includes(c) || st.members[c]!.length === 0) continue;
    const key = fitKey(st, i, c);
    if (key < bestKey) {
      bestKey = key;
      best = c;
    }
  }
  return best;
}

/**
 * Empties block `b` with ejection chains: each of its lots goes where it fits or, failing
 * that, replaces a lot `y` of a sampled block `c` while `y` moves on to a block `d` with room.
 * `sample` draws candidate blocks. Keeps the result only when the cost change is ≤ `maxCost`;
 * returns that change, or null with the state unchanged.
 */
export function ejectBlock(
  st: PackState,
  b: number,
  sample: () => number[],
  maxCost = 0,
): number | null {
  const inst = st.inst;
  const lots = [...st.members[b]!].sort((x, y) => inst.size[y]! - inst.size[x]! || x - y);
  const before = st.cost();
  const log: [number, number][] = [];
  const undo = () => {
    // b may have emptied (and gone back to the free slots): reopen a slot in its place.
    let home = b;
    for (let k = log.length - 1; k >= 0; k--) {
      let to = log[k]![1];
      if (to === b) {
        if (home === b && st.members[b]!.length === 0) home = st.openBlock();
        to = home;
      }
      st.move(log[k]![0], to);
    }
    return null;
  };
  const shift = (i: number, to: number) => {
    log.push([i, st.blockOf[i]!]);
    st.move(i, to);
  };
  for (const x of lots) {
    const cands = sample();
    const direct = bestFitAmong(st, x, cands, [b]);
    if (direct >= 0) {
      shift(x, direct);
      continue;
    }
    let done = false;
    const tx = inst.type[x]!;
    for (const c of cands) {
      if (c === b || st.members[c]!.length < 2) continue;
      for (const y of st.members[c]!) {
        const ty = inst.type[y]!;
        // Load of c with y out and x in.
        const yLast = st.table.count(c, ty) === 1;
        let l = st.load[c]! - inst.size[y]! - (yLast ? inst.setup : 0) + inst.size[x]!;
        const xNew = tx === ty ? yLast : st.table.count(c, tx) === 0;
        if (xNew) l += inst.setup;
        if (l > inst.capacity) continue;
        const d = bestFitAmong(st, y, cands, [b, c]);
        if (d < 0) continue;
        // x first, so c never empties (an empty block would return to the free slots).
        shift(x, c);
        shift(y, d);
        done = true;
        break;
      }
      if (done) break;
    }
    if (!done) return undo();
  }
  const dc = st.cost() - before;
  return dc > maxCost ? undo() : dc;
}
