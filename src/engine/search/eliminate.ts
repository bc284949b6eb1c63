/**
 * Block elimination by consistent neighbourhood search. To find a packing with one block fewer
 * than the best so far (m blocks), three of its blocks are taken apart: the rest stay feasible
 * and the lots of the three wait in a pending pool, which must end up in two new blocks. The
 * search lowers the pool's total size by re-filling one block at a time from its own lots and
 * the pool (an exact maximum fill), and when it is stuck, forces a pending lot into the block
 * where that costs least, the lots it pushes out being barred from that block for a while
 * (tabu). Half the re-fills go to blocks with room, the only ones that can take more. When the
 * pool shrinks (and now and then), an exact search packs it into two blocks, or with the lots
 * of a block or two more (blocks with room first) into as many more.
 *
 * Where every block of an optimum is nearly full (triplets, hard instances), moving lots
 * between complete blocks stalls one block above the optimum; a pool that lots pass through
 * does not, as room is pooled from every block at once.
 */
import type { Instance } from "../packing/mod.ts";
import type { Rng } from "./_rng.ts";

export interface EliminateOptions {
  readonly rng: Rng;
  /** Stop when `now()` passes this (ms). */
  readonly deadline: number;
  readonly now: () => number;
  /** No packing has fewer blocks: stop on reaching it. */
  readonly minBlocks: number;
  /** Stop after this many steps (0 = only the deadline), so a run can be repeated exactly. */
  readonly maxSteps?: number;
  readonly signal?: AbortSignal;
  /** Each packing with fewer blocks, when found. */
  readonly onImproved?: (blocks: number[][]) => void;
}

/** Blocks taken apart per attempt; their lots must go into one block fewer. */
const TAKEN = 3;
/** Iterations (× blocks) a lot pushed out of a block may not return to it. */
const TENURE = 0.5;
/** Most pending lots offered to one re-fill (a random subset beyond it). */
const POOL_OFFER = 20;
/** Search nodes of one re-fill and of one packing of the pool. */
const FILL_NODES = 3000;
const PACK_NODES = 20_000;
const JOIN_NODES = 2000;
/** Blocks sampled when choosing where to force a pending lot. */
const FORCE_SAMPLES = 8;
/** Exact re-packs of the pool with one or two blocks' lots, per try at packing the pool. */
const JOIN_TRIES = 6;
/** Share of steps that try the exact re-pack even though the pool did not shrink. */
const TRY_RATE = 0.05;
/** Most blocks with room joined to the pool for one exact re-pack. */
const MAX_JOINED = 2;
/** Iterations without a better pool (× blocks) before the attempt starts over. */
const PATIENCE = 30;
const CLOCK_EVERY = 16;
/** Share of re-fills that go to a block with room (the most among ROOMY_SAMPLES random ones). */
const ROOMY_SHARE = 0.5;
const ROOMY_SAMPLES = 8;

/** Σ sizes plus a setup per type of one block. */
function blockLoad(inst: Instance, block: readonly number[]): number {
  const types = new Set<number>();
  let s = 0;
  for (const i of block) {
    s += inst.size[i]!;
    types.add(inst.type[i]!);
  }
  return s + inst.setup * types.size;
}

/**
 * The packing with the fewest blocks found from `start` (lists of lot indices) before the
 * deadline; `start` itself when none has fewer.
 */
export function eliminateBlocks(
  inst: Instance,
  start: readonly (readonly number[])[],
  opts: EliminateOptions,
): number[][] {
  const { size } = inst;
  const rng = opts.rng;
  const cap = roomOf(inst);
  const eps = 1e-9 * Math.max(1, cap);
  let best = start.map((b) => [...b]);
  const tabuBlock = new Int32Array(inst.n).fill(-1);
  const tabuUntil = new Float64Array(inst.n);
  let it = 0;
  let stopped = false;
  const maxSteps = opts.maxSteps ?? 0;
  const outOfTime = () => {
    if (stopped) return true;
    if (++it % CLOCK_EVERY === 0 && (opts.now() >= opts.deadline || opts.signal?.aborted)) {
      stopped = true;
    }
    if (maxSteps > 0 && it >= maxSteps) stopped = true;
    return stopped;
  };

  const sumSize = (items: readonly number[]) => sumOf(items, size);
  const loadOf = (items: readonly number[]) => blockLoad(inst, items);

  const fill = new FillSearch(inst);

  while (!stopped && best.length > Math.max(1, opts.minBlocks)) {
    // Each attempt costs O(lots) to set up and may succeed at once: the clock is read here too.
    if (opts.now() >= opts.deadline || opts.signal?.aborted) break;
    const m = best.length;
    const free = Math.min(TAKEN - 1, m - 1);
    // Take apart the emptiest block and two more, each the next emptiest or a random one.
    const order = best.map((b, k) => ({ k, load: loadOf(b) })).sort((x, y) => x.load - y.load);
    const taken = new Set<number>([order[0]!.k]);
    for (let x = 1; taken.size < Math.min(TAKEN, m); x++) {
      taken.add(rng.next() < 0.5 ? order[Math.min(x, m - 1)]!.k : rng.int(m));
    }
    const blocks = best.filter((_, k) => !taken.has(k)).map((b) => [...b]);
    const loads = blocks.map(loadOf);
    let pool = [...taken].flatMap((k) => best[k]!);
    let poolSize = sumSize(pool);
    let poolSq = sumSq(pool, size);
    let bestPool = poolSize;
    let sinceBetter = 0;
    let lastTried = Infinity;
    const succeed = (extra: number[][]) => {
      best = [...blocks, ...extra].filter((b) => b.length > 0);
      opts.onImproved?.(best.map((b) => [...b]));
    };
    /**
     * The pool in `free` blocks, or with the lots of some blocks in as many more: blocks with
     * room join (in random order) until their room covers what the pool has too much, then
     * maybe one more at random. The joined blocks leave `blocks` on success.
     */
    const tryPack = (shrank: boolean): number[][] | null => {
      const excess = poolSize - free * cap;
      if (excess <= eps) {
        const packed = packInto(inst, pool, free, PACK_NODES, cap);
        if (packed) return packed;
      }
      const roomy: number[] = [];
      for (let k = 0; k < blocks.length; k++) if (cap - loads[k]! > eps) roomy.push(k);
      for (let tries = 0; tries < JOIN_TRIES && blocks.length > 0; tries++) {
        const ks: number[] = [];
        if (tries === 0 && excess > eps) {
          // Blocks with room join until they cover the pool's excess (on a shrunk pool only:
          // a re-pack of that many lots is the dearest try).
          if (!shrank) continue;
          shuffle(roomy, rng);
          let room = 0;
          for (const k of roomy) {
            if (room >= excess - eps || ks.length >= MAX_JOINED) break;
            ks.push(k);
            room += cap - loads[k]!;
          }
          if (room < excess - eps) continue;
        } else {
          for (let extra = 1 + rng.int(2); extra > 0; extra--) {
            const k = rng.int(blocks.length);
            if (!ks.includes(k)) ks.push(k);
          }
        }
        const items = [...pool, ...ks.flatMap((k) => blocks[k]!)];
        if (sumSize(items) > (free + ks.length) * cap + eps) continue;
        const sub = packInto(inst, items, free + ks.length, JOIN_NODES, cap);
        if (!sub) continue;
        const gone = new Set(ks);
        const kept = blocks.filter((_, k) => !gone.has(k));
        blocks.length = 0;
        blocks.push(...kept);
        return sub;
      }
      return null;
    };
    /** Block `b` takes `chosen`, the pool becomes `next`; lots pushed out may not come back soon. */
    const apply = (
      b: number,
      chosen: number[],
      next: number[],
      nextSize: number,
      nextSq: number,
    ) => {
      const inBlock = new Set(chosen);
      for (const i of blocks[b]!) {
        if (!inBlock.has(i)) {
          tabuBlock[i] = b;
          tabuUntil[i] = it + TENURE * Math.max(1, blocks.length);
        }
      }
      blocks[b] = chosen;
      loads[b] = loadOf(chosen);
      pool = next;
      poolSize = nextSize;
      poolSq = nextSq;
    };
    for (;;) {
      const shrank = poolSize < lastTried - eps;
      if (shrank || rng.next() < TRY_RATE) {
        lastTried = poolSize;
        const packed = tryPack(shrank);
        if (packed) {
          succeed(packed);
          break;
        }
      }
      if (outOfTime()) break;
      // Nothing left to re-fill: the pool alone decides, and it did not fit.
      if (blocks.length === 0) return best;
      // Descent: re-fill a random block from itself and the pool, kept when the pool shrinks
      // (or keeps its size with smaller lots).
      const b = rng.next() < ROOMY_SHARE ? roomiest(loads, rng) : rng.int(blocks.length);
      const offer = offerFrom(pool, rng);
      const chosen = fill.best(blocks[b]!, offer, b, -1, tabuBlock, tabuUntil, it);
      let moved = false;
      if (chosen) {
        const next = rest(blocks[b]!, pool, chosen);
        const nextSize = sumSize(next);
        const nextSq = sumSq(next, size);
        if (nextSize < poolSize - eps || (nextSize <= poolSize + eps && nextSq < poolSq - eps)) {
          apply(b, chosen, next, nextSize, nextSq);
          moved = true;
        }
      }
      if (!moved && rng.next() < 1 / Math.max(4, blocks.length / 4)) {
        // Stuck here: force a pending lot where it costs least (a tabu step).
        const q = pool[rng.int(pool.length)]!;
        let bestMove: { b: number; chosen: number[]; next: number[]; size: number } | null = null;
        for (let s = 0; s < FORCE_SAMPLES; s++) {
          const c = rng.int(blocks.length);
          if (tabuBlock[q] === c && tabuUntil[q]! > it) continue;
          const ch = fill.best(blocks[c]!, offerFrom(pool, rng, q), c, q, tabuBlock, tabuUntil, it);
          if (!ch) continue;
          const next = rest(blocks[c]!, pool, ch);
          const nextSize = sumSize(next);
          if (!bestMove || nextSize < bestMove.size) {
            bestMove = { b: c, chosen: ch, next, size: nextSize };
          }
        }
        if (bestMove) {
          apply(
            bestMove.b,
            bestMove.chosen,
            bestMove.next,
            bestMove.size,
            sumSq(bestMove.next, size),
          );
        }
      }
      if (poolSize < bestPool - eps) {
        bestPool = poolSize;
        sinceBetter = 0;
      } else if (++sinceBetter > PATIENCE * m) break;
      // A pool grown again is worth another try once it shrinks.
      if (poolSize > lastTried + eps) lastTried = Infinity;
    }
  }
  return best;
}

/**
 * A block's room: with whole sizes and setups, the capacity's half-unit tolerance is no room at
 * all (counting it would let the pool look packable when it is not).
 */
function roomOf(inst: Instance): number {
  const whole = Number.isInteger(inst.setup) && inst.size.every(Number.isInteger);
  return whole ? Math.floor(inst.capacity) : inst.capacity;
}

/** The block with the most room among a few random ones: only blocks with room can shrink the pool. */
function roomiest(loads: readonly number[], rng: Rng): number {
  let b = rng.int(loads.length);
  for (let k = 1; k < ROOMY_SAMPLES; k++) {
    const c = rng.int(loads.length);
    if (loads[c]! < loads[b]!) b = c;
  }
  return b;
}

function shuffle(xs: number[], rng: Rng): void {
  for (let x = xs.length - 1; x > 0; x--) {
    const y = rng.int(x + 1);
    [xs[x], xs[y]] = [xs[y]!, xs[x]!];
  }
}

function sumSq(items: readonly number[], size: Float64Array): number {
  let s = 0;
  for (const i of items) s += size[i]! * size[i]!;
  return s;
}

/** The pool's lots offered to one re-fill: all when few, else a random subset (with `must`). */
function offerFrom(pool: readonly number[], rng: Rng, must = -1): number[] {
  if (pool.length <= POOL_OFFER) return [...pool];
  const out = must >= 0 ? [must] : [];
  const copy = pool.filter((i) => i !== must);
  for (let x = 0; out.length < POOL_OFFER && x < copy.length; x++) {
    const y = x + rng.int(copy.length - x);
    [copy[x], copy[y]] = [copy[y]!, copy[x]!];
    out.push(copy[x]!);
  }
  return out;
}

/** The pool after a block's lots and the pool's give the block `chosen`. */
function rest(block: readonly number[], pool: readonly number[], chosen: readonly number[]) {
  const inBlock = new Set(chosen);
  const out: number[] = [];
  for (const i of pool) if (!inBlock.has(i)) out.push(i);
  for (const i of block) if (!inBlock.has(i)) out.push(i);
  return out;
}

/**
 * The best content of one block from its own lots and offered pool lots: the largest total
 * size that fits (setups counted), then the largest Σ size² (big lots in blocks, small ones
 * pending, where they are easier to place). Depth first over lots by size, pruned by what the
 * rest could add; bounded by a node budget. Buffers are reused: this runs on every step.
 */
class FillSearch {
  readonly #inst: Instance;
  readonly #eps: number;
  /** Per type: lots of it chosen so far (all zero between searches). */
  readonly #typeCount: Int32Array;
  #items: number[] = [];
  #size = new Float64Array(0);
  #type = new Int32Array(0);
  #suffix = new Float64Array(0);
  #suffixSq = new Float64Array(0);
  #chosen = new Int32Array(0);
  #depth = 0;
  #best = new Int32Array(0);
  #bestLen = 0;
  #bestSum = 0;
  #bestSq = 0;
  #nodes = 0;
  #skip = -1;

  constructor(inst: Instance) {
    this.#inst = inst;
    this.#eps = 1e-9 * Math.max(1, inst.capacity);
    this.#typeCount = new Int32Array(inst.nTypes);
  }

  /**
   * The block's best content from `block` ∪ `offer` (lots barred from block `b` by the tabu
   * stay out unless already in it; `forced` ≥ 0 must be in), or null when it is the block as
   * it is (or nothing fits).
   */
  best(
    block: readonly number[],
    offer: readonly number[],
    b: number,
    forced: number,
    tabuBlock: Int32Array,
    tabuUntil: Float64Array,
    it: number,
  ): number[] | null {
    const inst = this.#inst;
    const items = this.#items;
    items.length = 0;
    for (const i of block) items.push(i);
    for (const i of offer) {
      if (i === forced || !(tabuBlock[i] === b && tabuUntil[i]! > it)) items.push(i);
    }
    items.sort((x, y) => inst.size[y]! - inst.size[x]! || x - y);
    const n = items.length;
    if (this.#size.length < n + 1) {
      const len = 2 * n + 2;
      this.#size = new Float64Array(len);
      this.#type = new Int32Array(len);
      this.#suffix = new Float64Array(len);
      this.#suffixSq = new Float64Array(len);
      this.#chosen = new Int32Array(len);
      this.#best = new Int32Array(len);
    }
    const size = this.#size, type = this.#type;
    for (let k = 0; k < n; k++) {
      size[k] = inst.size[items[k]!]!;
      type[k] = inst.type[items[k]!]!;
    }
    this.#suffix[n] = 0;
    this.#suffixSq[n] = 0;
    for (let k = n - 1; k >= 0; k--) {
      this.#suffix[k] = this.#suffix[k + 1]! + size[k]!;
      this.#suffixSq[k] = this.#suffixSq[k + 1]! + size[k]! * size[k]!;
    }
    // The block as it is (unless a lot is forced in): the search must beat it.
    const keep = forced < 0;
    this.#bestLen = -1;
    this.#bestSum = keep ? sumOf(block, inst.size) : -1;
    this.#bestSq = keep ? sumSq(block, inst.size) : -1;
    this.#nodes = 0;
    this.#depth = 0;
    this.#skip = forced >= 0 ? items.indexOf(forced) : -1;
    if (this.#skip >= 0) {
      const s = size[this.#skip]!;
      if (s + inst.setup > inst.capacity) return null;
      this.#typeCount[type[this.#skip]!] = 1;
      this.#chosen[this.#depth++] = this.#skip;
      this.#dfs(0, s, s * s, s + inst.setup);
      this.#typeCount[type[this.#skip]!] = 0;
    } else this.#dfs(0, 0, 0, 0);
    if (this.#bestLen < 0) return null;
    const out: number[] = [];
    for (let x = 0; x < this.#bestLen; x++) out.push(items[this.#best[x]!]!);
    return out;
  }

  #dfs(k: number, sum: number, sq: number, load: number): void {
    const eps = this.#eps;
    if (sum > this.#bestSum + eps || (sum > this.#bestSum - eps && sq > this.#bestSq + eps)) {
      this.#bestSum = sum;
      this.#bestSq = sq;
      this.#best.set(this.#chosen.subarray(0, this.#depth));
      this.#bestLen = this.#depth;
    }
    const size = this.#size, type = this.#type, counts = this.#typeCount;
    const n = this.#items.length;
    const { capacity, setup } = this.#inst;
    for (let j = k; j < n; j++) {
      if (++this.#nodes > FILL_NODES) return;
      const upper = sum + this.#suffix[j]!;
      if (upper < this.#bestSum - eps) return;
      if (upper <= this.#bestSum + eps && sq + this.#suffixSq[j]! <= this.#bestSq + eps) return;
      if (j === this.#skip) continue;
      const t = type[j]!;
      const isNew = counts[t] === 0;
      const s = size[j]!;
      const after = load + s + (isNew ? setup : 0);
      if (after > capacity) continue;
      counts[t]!++;
      this.#chosen[this.#depth++] = j;
      this.#dfs(j + 1, sum + s, sq + s * s, after);
      this.#depth--;
      counts[t]!--;
      // Lots of one size and type are interchangeable: after skipping one, skip its twins.
      while (j + 1 < n && size[j + 1] === s && type[j + 1] === t && j + 1 !== this.#skip) j++;
    }
  }
}

function sumOf(items: readonly number[], size: Float64Array): number {
  let s = 0;
  for (const i of items) s += size[i]!;
  return s;
}

/**
 * `items` packed into at most `k` blocks (setups counted), or null when the search (bounded by
 * `nodeLimit`) found no way. Lots go largest first; an empty block is tried once per lot.
 */
export function packInto(
  inst: Instance,
  items: readonly number[],
  k: number,
  nodeLimit: number,
  capacity = inst.capacity,
): number[][] | null {
  const { size, type, setup } = inst;
  if (items.length === 0) return [];
  if (k <= 0) return null;
  const order = [...items].sort((x, y) => size[y]! - size[x]! || x - y);
  const local = new Map<number, number>();
  const lt = order.map((i) => {
    let t = local.get(type[i]!);
    if (t === undefined) local.set(type[i]!, t = local.size);
    return t;
  });
  const nt = local.size;
  const counts = new Int32Array(k * nt);
  const load = new Float64Array(k);
  const bins: number[][] = Array.from({ length: k }, () => []);
  let total = 0;
  for (const i of order) total += size[i]!;
  let room = k * capacity - total;
  let nodes = 0;
  const place = (x: number): boolean => {
    if (x === order.length) return true;
    if (++nodes > nodeLimit) return false;
    const i = order[x]!;
    const t = lt[x]!;
    let triedEmpty = false;
    for (let b = 0; b < k; b++) {
      const empty = bins[b]!.length === 0;
      if (empty && triedEmpty) continue;
      const isNew = counts[b * nt + t] === 0;
      const add = size[i]! + (isNew ? setup : 0);
      if (load[b]! + add > capacity) continue;
      if (isNew && room - setup < -1e-9 * capacity) continue;
      if (empty) triedEmpty = true;
      counts[b * nt + t]!++;
      load[b]! += add;
      if (isNew) room -= setup;
      bins[b]!.push(i);
      if (place(x + 1)) return true;
      bins[b]!.pop();
      if (isNew) room += setup;
      load[b]! -= add;
      counts[b * nt + t]!--;
      if (nodes > nodeLimit) return false;
    }
    return false;
  };
  return place(0) ? bins.filter((b) => b.length > 0) : null;
}
