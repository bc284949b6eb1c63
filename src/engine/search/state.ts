/**
 * Incremental packing state: which block holds each lot, each block's used capacity and
 * per-type counts, the number of blocks and type slots. Every update is O(1) (plus the
 * block's type table), so moves can be evaluated and applied quickly.
 */
import type { Instance } from "../packing/mod.ts";

/** Per-block, per-type lot count and summed size. */
interface TypeTable {
  count(b: number, t: number): number;
  load(b: number, t: number): number;
  add(b: number, t: number, dc: number, dl: number): void;
}

/** Dense table: fast, for few types. */
class FlatTable implements TypeTable {
  readonly #c: Int32Array;
  readonly #l: Float64Array;
  readonly #k: number;
  constructor(slots: number, k: number) {
    this.#c = new Int32Array(slots * k);
    this.#l = new Float64Array(slots * k);
    this.#k = k;
  }
  count(b: number, t: number): number {
    return this.#c[b * this.#k + t]!;
  }
  load(b: number, t: number): number {
    return this.#l[b * this.#k + t]!;
  }
  add(b: number, t: number, dc: number, dl: number): void {
    const x = b * this.#k + t;
    this.#c[x]! += dc;
    this.#l[x] = this.#c[x] === 0 ? 0 : this.#l[x]! + dl;
  }
}

/** Sparse table: one small map per block, for many types. */
class MapTable implements TypeTable {
  readonly #m: Map<number, { c: number; l: number }>[];
  constructor(slots: number) {
    this.#m = Array.from({ length: slots }, () => new Map());
  }
  count(b: number, t: number): number {
    return this.#m[b]!.get(t)?.c ?? 0;
  }
  load(b: number, t: number): number {
    return this.#m[b]!.get(t)?.l ?? 0;
  }
  add(b: number, t: number, dc: number, dl: number): void {
    const m = this.#m[b]!;
    const e = m.get(t);
    if (!e) m.set(t, { c: dc, l: dl });
    else if (e.c + dc === 0) m.delete(t);
    else {
      e.c += dc;
      e.l += dl;
    }
  }
}

/** Largest dense table (cells) before switching to maps. */
const FLAT_LIMIT = 4_000_000;

/** The mutable assignment of lots to blocks with its running totals. */
export class PackState {
  readonly inst: Instance;
  /** Block slots available (blocks are reused once emptied). */
  readonly slots: number;
  readonly blockOf: Int32Array;
  /** Position of each lot inside its block's member list. */
  readonly pos: Int32Array;
  readonly members: number[][];
  readonly load: Float64Array;
  readonly ntypes: Int32Array;
  readonly table: TypeTable;
  /** Non-empty blocks, in no particular order, and where each sits in that list. */
  readonly active: Int32Array;
  readonly activePos: Int32Array;
  nActive = 0;
  /** Total type slots Σ types per block. */
  typeSlots = 0;
  /** Σ (load / capacity)² over blocks: rewards concentrating load so blocks can empty. */
  sumSq = 0;
  readonly #free: number[] = [];

  constructor(inst: Instance, slots: number) {
    this.inst = inst;
    this.slots = slots;
    this.blockOf = new Int32Array(inst.n).fill(-1);
    this.pos = new Int32Array(inst.n);
    this.members = Array.from({ length: slots }, () => []);
    this.load = new Float64Array(slots);
    this.ntypes = new Int32Array(slots);
    this.table = slots * inst.nTypes <= FLAT_LIMIT
      ? new FlatTable(slots, inst.nTypes)
      : new MapTable(slots);
    this.active = new Int32Array(slots);
    this.activePos = new Int32Array(slots).fill(-1);
    for (let b = slots - 1; b >= 0; b--) this.#free.push(b);
  }

  /** A state holding `blocks` (lists of lot indices); `slots` defaults to their count. */
  static fromBlocks(inst: Instance, blocks: readonly (readonly number[])[], slots?: number) {
    const st = new PackState(inst, Math.max(slots ?? blocks.length, blocks.length, 1));
    for (const block of blocks) {
      if (block.length === 0) continue;
      const b = st.openBlock();
      for (const i of block) st.add(i, b);
    }
    return st;
  }

  /** Number of non-empty blocks. */
  get blocks(): number {
    return this.nActive;
  }

  /** blockCost · blocks + setupHours · type slots: the part of the makespan a packing decides (hours). */
  cost(): number {
    return this.inst.blockCost * this.nActive + this.inst.setupHours * this.typeSlots;
  }

  /** Makespan in hours. */
  makespan(): number {
    return this.inst.base + this.cost();
  }

  /** An empty block slot; throws if none is left. */
  openBlock(): number {
    const b = this.#free.pop();
    if (b === undefined) throw new Error("no free block slot");
    return b;
  }

  /** Whether an empty slot exists. */
  hasFreeBlock(): boolean {
    return this.#free.length > 0;
  }

  /** Adds unassigned lot `i` to block `b` (empty blocks become active). */
  add(i: number, b: number): void {
    const inst = this.inst;
    const t = inst.type[i]!;
    const m = this.members[b]!;
    if (m.length === 0) {
      this.activePos[b] = this.nActive;
      this.active[this.nActive++] = b;
    }
    this.blockOf[i] = b;
    this.pos[i] = m.length;
    m.push(i);
    let l = this.load[b]!;
    this.sumSq -= sq(l / inst.capacity);
    if (this.table.count(b, t) === 0) {
      this.ntypes[b]!++;
      this.typeSlots++;
      l += inst.setup;
    }
    l += inst.size[i]!;
    this.table.add(b, t, 1, inst.size[i]!);
    this.load[b] = l;
    this.sumSq += sq(l / inst.capacity);
  }

  /** Takes lot `i` out of its block (a block left empty returns to the free slots). */
  remove(i: number): void {
    const inst = this.inst;
    const b = this.blockOf[i]!;
    const t = inst.type[i]!;
    const m = this.members[b]!;
    const p = this.pos[i]!;
    const last = m.pop()!;
    if (last !== i) {
      m[p] = last;
      this.pos[last] = p;
    }
    this.blockOf[i] = -1;
    this.sumSq -= sq(this.load[b]! / inst.capacity);
    this.table.add(b, t, -1, -inst.size[i]!);
    if (this.table.count(b, t) === 0) {
      this.ntypes[b]!--;
      this.typeSlots--;
    }
    if (m.length === 0) {
      this.load[b] = 0;
      const ap = this.activePos[b]!;
      const lastB = this.active[--this.nActive]!;
      this.active[ap] = lastB;
      this.activePos[lastB] = ap;
      this.activePos[b] = -1;
      this.#free.push(b);
    } else {
      this.load[b] = this.#recount(b);
      this.sumSq += sq(this.load[b]! / inst.capacity);
    }
  }

  /** Moves lot `i` to block `b`. */
  move(i: number, b: number): void {
    this.remove(i);
    this.add(i, b);
  }

  /** Exact load of `b` from its members, so sums never drift (sizes may be fractional). */
  #recount(b: number): number {
    const inst = this.inst;
    let l = this.ntypes[b]! * inst.setup;
    for (const i of this.members[b]!) l += inst.size[i]!;
    return l;
  }

  /** Every inconsistency between the running totals and a recount (empty = consistent). */
  check(): string[] {
    const inst = this.inst;
    const errs: string[] = [];
    let slots = 0, active = 0;
    for (let b = 0; b < this.slots; b++) {
      const m = this.members[b]!;
      if (m.length === 0) {
        if (this.activePos[b] !== -1) errs.push(`empty block ${b} is active`);
        continue;
      }
      active++;
      if (this.active[this.activePos[b]!] !== b) errs.push(`block ${b} misplaced in active`);
      const types = new Set<number>();
      let l = 0;
      m.forEach((i, p) => {
        if (this.blockOf[i] !== b || this.pos[i] !== p) errs.push(`lot ${i} misfiled`);
        types.add(inst.type[i]!);
        l += inst.size[i]!;
      });
      l += types.size * inst.setup;
      slots += types.size;
      if (types.size !== this.ntypes[b]) errs.push(`block ${b} type count`);
      if (Math.abs(l - this.load[b]!) > 1e-6 * inst.capacity) errs.push(`block ${b} load`);
      if (l > inst.capacity) errs.push(`block ${b} over capacity: ${l} > ${inst.capacity}`);
    }
    if (slots !== this.typeSlots) errs.push(`type slots ${this.typeSlots} != ${slots}`);
    if (active !== this.nActive) errs.push(`active ${this.nActive} != ${active}`);
    return errs;
  }

  /** Block of every lot, for saving the best packing. */
  snapshot(): Int32Array {
    return this.blockOf.slice();
  }

  /** Non-empty blocks as lot index lists. */
  toBlocks(): number[][] {
    const out: number[][] = [];
    for (let k = 0; k < this.nActive; k++) out.push([...this.members[this.active[k]!]!]);
    return out;
  }
}

/** Blocks of a snapshot (block ids → lot lists, ids in ascending order). */
export function blocksOfSnapshot(blockOf: Int32Array): number[][] {
  const byBlock = new Map<number, number[]>();
  blockOf.forEach((b, i) => {
    const list = byBlock.get(b);
    if (list) list.push(i);
    else byBlock.set(b, [i]);
  });
  return [...byBlock.keys()].sort((a, b) => a - b).map((b) => byBlock.get(b)!);
}

function sq(x: number): number {
  return x * x;
}
