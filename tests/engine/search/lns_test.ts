import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, lineOf } from "../../../src/engine/config.ts";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { PackState } from "../../../src/engine/search/state.ts";
import { greedyPack, orderLots } from "../../../src/engine/search/construct.ts";
import {
  applyReassign,
  bestReassign,
  blocksEnergy,
  MAX_EXACT_LOTS,
  RepackScratch,
} from "../../../src/engine/search/lns.ts";
import { Rng } from "../../../src/engine/search/_rng.ts";
import { randomLots } from "./_random.ts";

const config = lineOf(DEFAULT_CONFIG);
const W = 6;

/** Energy of one block holding `lots` (0 when empty, Infinity when over capacity). */
function energyOf(st: PackState, lots: number[]): number {
  if (lots.length === 0) return 0;
  const inst = st.inst;
  const types = new Set(lots.map((i) => inst.type[i]!));
  const load = lots.reduce((a, i) => a + inst.size[i]!, 0) + inst.setup * types.size;
  if (load > inst.capacity) return Infinity;
  return inst.blockCost + inst.setupHours * types.size - W * (load / inst.capacity) ** 2;
}

/** Tries every assignment of `lots` to `blocks` (k^m). */
function bruteForce(st: PackState, blocks: number[], lots: number[]): number {
  const keep = blocks.map((b) => st.members[b]!.filter((i) => !lots.includes(i)));
  let best = Infinity;
  const k = blocks.length;
  for (let code = 0; code < k ** lots.length; code++) {
    const groups = keep.map((g) => [...g]);
    let c = code;
    for (const i of lots) {
      groups[c % k]!.push(i);
      c = Math.floor(c / k);
    }
    best = Math.min(best, groups.reduce((a, g) => a + energyOf(st, g), 0));
  }
  return best;
}

Deno.test("bestReassign: equals brute force over every assignment, and applies as promised", () => {
  const scratch = new RepackScratch();
  const rng = new Rng(11);
  let checked = 0;
  for (let round = 0; round < 40; round++) {
    const inst = makeInstance(randomLots(100 + round, 14, 3, 1, 70), config);
    const st = PackState.fromBlocks(
      inst,
      greedyPack(inst, orderLots(inst, "size"), "first", false),
    );
    if (st.blocks < 2) continue;
    const k = Math.min(st.blocks, 2 + (round % 3));
    const blocks: number[] = [];
    while (blocks.length < k) {
      const b = st.active[rng.int(st.nActive)]!;
      if (!blocks.includes(b)) blocks.push(b);
    }
    const pool = blocks.flatMap((b) => st.members[b]!);
    const lots = pool.filter(() => rng.next() < 0.8).slice(0, 7);
    if (lots.length === 0) continue;
    const p = bestReassign(st, blocks, lots, W, scratch);
    const want = bruteForce(st, blocks, lots);
    assert(p !== null);
    assert(Math.abs(p.energy - want) < 1e-9, `round ${round}: ${p.energy} vs ${want}`);
    assertEquals(p.groups.flat().sort((a, b) => a - b), [...lots].sort((a, b) => a - b));
    const before = st.cost() - W * st.sumSq;
    const dE = p.energy - blocksEnergy(st, blocks, W);
    applyReassign(st, blocks, p.groups);
    assertEquals(st.check(), []);
    assert(Math.abs(st.cost() - W * st.sumSq - before - dE) < 1e-9, `round ${round} energy`);
    checked++;
  }
  assert(checked > 20);
});

Deno.test("bestReassign: refuses empty or oversized requests", () => {
  const inst = makeInstance(randomLots(5, 14, 2, 1, 4), config);
  const st = PackState.fromBlocks(inst, [[...Array(14).keys()]]);
  const scratch = new RepackScratch();
  assertEquals(bestReassign(st, [st.active[0]!], [], W, scratch), null);
  const tooMany = [...Array(MAX_EXACT_LOTS + 1).keys()];
  assertEquals(bestReassign(st, [st.active[0]!], tooMany, W, scratch), null);
  // One block, all its lots: the only option is to keep them together.
  const p = bestReassign(st, [st.active[0]!], [0, 1, 2], W, scratch)!;
  assertEquals(p.groups.length, 1);
  assert(Math.abs(p.energy - blocksEnergy(st, [st.active[0]!], W)) < 1e-9);
});

Deno.test("bestReassign: empties a block when two blocks' lots fit into one", () => {
  const h = 19_920;
  const lots = [
    { id: "a", type: "A", vials: 30 * h },
    { id: "b", type: "A", vials: 30 * h },
    { id: "c", type: "A", vials: 30 * h },
  ];
  const inst = makeInstance(lots, config);
  const st = PackState.fromBlocks(inst, [[0, 1], [2]]);
  const blocks = [st.blockOf[0]!, st.blockOf[2]!];
  const p = bestReassign(st, blocks, [0, 1, 2], W, new RepackScratch())!;
  applyReassign(st, blocks, p.groups);
  assertEquals(st.blocks, 1);
  assertEquals(st.check(), []);
});
