/**
 * The improvement loop: late acceptance hill climbing over lot relocations, swaps, type-group
 * moves, exact re-packs of a few blocks and block-emptying moves. Energy = cost − w·Σ(load/capacity)²,
 * so among packings of equal cost the search prefers concentrated load (blocks then empty).
 * Every decision depends only on the seed and the iteration count; the clock only stops it.
 */
import { Rng } from "./_rng.ts";
import { blocksOfSnapshot, type PackState } from "./state.ts";
import {
  applyGroupMove,
  applySwap,
  type Delta,
  ejectBlock,
  emptyBlock,
  evalGroupMove,
  evalRelocate,
  evalSwap,
  newDelta,
} from "./moves.ts";
import {
  applyReassign,
  bestReassign,
  blocksCost,
  blocksEnergy,
  MAX_EXACT_LOTS,
  RepackScratch,
} from "./lns.ts";

export interface SearchOptions {
  readonly seed: number;
  /** Stop after this many iterations; 0 = no limit. */
  readonly maxIterations: number;
  /** Stop when `now()` passes this (ms). */
  readonly deadline: number;
  /** Stop as soon as the cost is ≤ this (a lower bound on the cost). */
  readonly targetCost: number;
  /** Blocks taken out per exact re-pack. */
  readonly lnsBlocks: number;
  /** Most lots re-assigned exactly per re-pack. */
  readonly lnsLots?: number;
  /** Weight of Σ (load/capacity)² in the energy, hours. */
  readonly loadWeight?: number;
  /** Cumulative probabilities of relocate, swap, group move and re-pack (the rest empties a block). */
  readonly moveMix?: readonly [number, number, number, number];
  /** Random blocks sampled when looking for a lightly loaded one. */
  readonly lowSamples?: number;
  /** Late acceptance history length. */
  readonly historyLength?: number;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  /** Ends the search early, keeping its best (stop = "halted"). */
  readonly halt?: AbortSignal;
  /** Called every chunk of iterations with the best cost so far (may throw to stop). */
  readonly onTick?: (bestCost: number, iterations: number) => void | Promise<void>;
}

export interface SearchResult {
  readonly best: number[][];
  readonly bestCost: number;
  readonly iterations: number;
  /** Why it stopped. */
  readonly stop: "target" | "iterations" | "time" | "aborted" | "halted";
}

/** Iterations between ticks (and abort checks). */
const CHUNK = 2048;
/**
 * Iterations between clock checks: an iteration costs O(n) at worst (saving the best packing),
 * so a whole chunk overran a deadline by 0.6 s on 20,000 lots.
 */
const CLOCK_EVERY = 16;
const COST_EPS = 1e-7;

/** Improves `st` in place and returns the best packing seen. */
export async function improve(st: PackState, opts: SearchOptions): Promise<SearchResult> {
  const inst = st.inst;
  const rng = new Rng(opts.seed);
  const w = opts.loadWeight ?? Math.max(inst.setupHours, 1) * 1.5;
  const d: Delta = newDelta();
  const scratch = new RepackScratch();
  const energy = () => st.cost() - w * st.sumSq;
  let cur = energy();
  const histLen = opts.historyLength ?? 500;
  // Re-packs are the strongest move; measured on the bench, a third of the iterations pays.
  const mix = opts.moveMix ?? [0.3, 0.55, 0.65, 0.999];
  const maxLots = Math.min(opts.lnsLots ?? 10, MAX_EXACT_LOTS);
  const hist = new Float64Array(histLen).fill(cur);
  let bestCost = st.cost();
  let bestSnap: Int32Array = new Int32Array(0);
  let it = 0;
  let stop: SearchResult["stop"] = "iterations";
  const n = inst.n;
  const accept = (dE: number) => dE <= 0 || cur + dE <= hist[it % histLen]!;
  // The best packing is copied lazily: only when the search is about to leave it. Any move
  // that is not an improvement leaves it (even at equal cost), so the result is the first
  // packing that reached the best cost, whatever happens after: stopping at a lower bound
  // or running on gives the same plan.
  let atBest = true;
  const beforeMove = (dCost: number) => {
    if (atBest && dCost > -COST_EPS) {
      bestSnap = st.snapshot();
      atBest = false;
    }
  };
  const noteImproved = () => {
    const c = st.cost();
    if (c < bestCost - COST_EPS) {
      bestCost = c;
      atBest = true;
    }
  };
  const randomBlock = () => st.active[rng.int(st.nActive)]!;
  const sameTypeBlock = (i: number) => {
    const lots = inst.lotsByType[inst.type[i]!]!;
    return st.blockOf[lots[rng.int(lots.length)]!]!;
  };
  const lnsPick = (): number[] => {
    const first = rng.next() < 0.5 ? lowLoadBlock() : randomBlock();
    const picked = [first];
    for (let tries = 0; picked.length < opts.lnsBlocks && tries < 10; tries++) {
      const mem = st.members[picked[rng.int(picked.length)]!]!;
      const i = mem[rng.int(mem.length)]!;
      const b = rng.next() < 0.7 ? sameTypeBlock(i) : randomBlock();
      if (!picked.includes(b)) picked.push(b);
    }
    return picked;
  };
  // Candidate blocks for ejection chains: all of them when few, else a random sample.
  const sampleBlocks = () => {
    if (st.nActive <= 32) return Array.from(st.active.subarray(0, st.nActive));
    return Array.from({ length: 32 }, randomBlock);
  };
  // Among a few random blocks, the least loaded: a cheap biased pick.
  const lowLoadBlock = () => {
    let b = randomBlock();
    for (let k = 0; k < (opts.lowSamples ?? 3); k++) {
      const c = randomBlock();
      if (st.load[c]! < st.load[b]!) b = c;
    }
    return b;
  };

  if (n === 0 || st.nActive <= 1 && st.typeSlots <= 1) {
    return { best: st.toBlocks(), bestCost, iterations: 0, stop: "target" };
  }
  outer: for (;;) {
    for (let k = 0; k < CHUNK; k++) {
      if (bestCost <= opts.targetCost + COST_EPS) {
        stop = "target";
        break outer;
      }
      if (opts.maxIterations > 0 && it >= opts.maxIterations) {
        stop = "iterations";
        break outer;
      }
      if (k % CLOCK_EVERY === CLOCK_EVERY - 1 && opts.now() >= opts.deadline) {
        stop = "time";
        break outer;
      }
      it++;
      const r = rng.next();
      if (r < mix[0]) {
        const i = rng.int(n);
        const b2 = rng.next() < 0.5 ? sameTypeBlock(i) : randomBlock();
        if (!evalRelocate(st, i, b2, d)) continue;
        const dE = d.cost - w * d.dq;
        if (!accept(dE)) continue;
        beforeMove(d.cost);
        st.move(i, b2);
      } else if (r < mix[1]) {
        const i = rng.int(n);
        const j = rng.next() < 0.5
          ? inst.lotsByType[inst.type[i]!]![rng.int(inst.lotsByType[inst.type[i]!]!.length)]!
          : rng.int(n);
        if (!evalSwap(st, i, j, d)) continue;
        const dE = d.cost - w * d.dq;
        if (!accept(dE)) continue;
        beforeMove(d.cost);
        applySwap(st, i, j);
      } else if (r < mix[2]) {
        const i = rng.int(n);
        const b1 = st.blockOf[i]!, t = inst.type[i]!;
        const b2 = sameTypeBlock(i);
        if (!evalGroupMove(st, b1, t, b2, d)) continue;
        const dE = d.cost - w * d.dq;
        if (!accept(dE)) continue;
        beforeMove(d.cost);
        applyGroupMove(st, b1, t, b2);
      } else if (r < mix[3]) {
        const blocks = lnsPick();
        const lots: number[] = [];
        for (const b of blocks) lots.push(...st.members[b]!);
        // Too many lots: a random subset of them moves, the rest stays put.
        for (let x = 0; x < lots.length; x++) {
          const y = x + rng.int(lots.length - x);
          const tmp = lots[x]!;
          lots[x] = lots[y]!;
          lots[y] = tmp;
        }
        if (lots.length > maxLots) {
          // Often focus the subset: one type (to gather it into fewer blocks) or the first
          // block (to empty it); the shuffle above keeps the rest random.
          const mode = rng.int(3);
          if (mode > 0) {
            const ft = inst.type[lots[0]!]!, fb = blocks[0]!;
            const focus = (i: number) => mode === 1 ? inst.type[i] === ft : st.blockOf[i] === fb;
            lots.sort((x, y) => (focus(x) ? 0 : 1) - (focus(y) ? 0 : 1));
          }
          lots.length = maxLots;
        }
        const p = bestReassign(st, blocks, lots, w, scratch);
        if (!p) continue;
        const dE = p.energy - blocksEnergy(st, blocks, w);
        if (Math.abs(dE) < 1e-12 || !accept(dE)) continue; // equal energy: same packing
        beforeMove(p.cost - blocksCost(st, blocks));
        applyReassign(st, blocks, p.groups);
      } else {
        // Emptying is kept only when it does not raise the cost.
        beforeMove(0);
        const ok = rng.next() < 0.5
          ? emptyBlock(st, lowLoadBlock(), 0) !== null
          : ejectBlock(st, lowLoadBlock(), sampleBlocks, 0) !== null;
        if (!ok) continue;
      }
      cur = energy();
      hist[it % histLen] = cur;
      noteImproved();
    }
    if (opts.signal?.aborted) {
      stop = "aborted";
      break;
    }
    if (opts.halt?.aborted) {
      stop = "halted";
      break;
    }
    if (opts.now() >= opts.deadline) {
      stop = "time";
      break;
    }
    await opts.onTick?.(bestCost, it);
  }
  const best = atBest ? st.toBlocks() : blocksOfSnapshot(bestSnap);
  return { best, bestCost, iterations: it, stop };
}
