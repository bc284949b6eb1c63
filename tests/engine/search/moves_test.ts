import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, lineOf } from "../../../src/engine/config.ts";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { PackState } from "../../../src/engine/search/state.ts";
import { greedyPack, orderLots } from "../../../src/engine/search/construct.ts";
import {
  applyGroupMove,
  applySwap,
  ejectBlock,
  emptyBlock,
  evalGroupMove,
  evalRelocate,
  evalSwap,
  newDelta,
} from "../../../src/engine/search/moves.ts";
import { Rng } from "../../../src/engine/search/_rng.ts";
import { randomLots } from "./_random.ts";

const config = lineOf(DEFAULT_CONFIG);

function startState(seed: number, n: number, types: number, maxH: number) {
  const inst = makeInstance(randomLots(seed, n, types, 1, maxH), config);
  return PackState.fromBlocks(inst, greedyPack(inst, orderLots(inst, "size"), "first", false));
}

Deno.test("moves: predicted cost and load-square changes equal the applied ones", () => {
  for (const [seed, maxH] of [[1, 30], [2, 90]] as const) {
    const st = startState(seed, 80, 4, maxH);
    const inst = st.inst;
    const rng = new Rng(seed);
    const d = newDelta();
    let applied = [0, 0, 0];
    for (let k = 0; k < 4000; k++) {
      const kind = rng.int(3);
      const i = rng.int(inst.n), j = rng.int(inst.n);
      const b2 = st.active[rng.int(st.nActive)]!;
      const before = st.cost(), q = st.sumSq;
      let ok: boolean;
      if (kind === 0) {
        ok = evalRelocate(st, i, b2, d);
        if (ok) st.move(i, b2);
      } else if (kind === 1) {
        ok = evalSwap(st, i, j, d);
        if (ok) applySwap(st, i, j);
      } else {
        const b1 = st.blockOf[i]!, t = inst.type[i]!;
        ok = evalGroupMove(st, b1, t, b2, d);
        if (ok) applyGroupMove(st, b1, t, b2);
      }
      if (!ok) continue;
      applied[kind]!++;
      assert(Math.abs(st.cost() - before - d.cost) < 1e-9, `cost delta of move ${kind}`);
      assert(Math.abs(st.sumSq - q - d.dq) < 1e-9, `load-square delta of move ${kind}`);
    }
    assertEquals(st.check(), []);
    assert(applied.every((c) => c > 3), `each move applied: ${applied}`);
    applied = [0, 0, 0];
  }
});

Deno.test("moves: infeasible or pointless moves are refused", () => {
  const st = startState(3, 40, 3, 100);
  const d = newDelta();
  const b = st.blockOf[0]!;
  assertEquals(evalRelocate(st, 0, b, d), false);
  const mate = st.members[b]!.find((x) => x !== 0);
  if (mate !== undefined) assertEquals(evalSwap(st, 0, mate, d), false);
  assertEquals(evalGroupMove(st, b, st.inst.type[0]!, b, d), false);
  // A type the block does not hold has no group to move.
  const absent = [...Array(st.inst.nTypes).keys()].find((t) => st.table.count(b, t) === 0);
  if (absent !== undefined) {
    assertEquals(evalGroupMove(st, b, absent, st.active[0]!, d), false);
  }
  // Nothing fits into a full block: a block at capacity refuses every relocation.
  const full = st.active.slice(0, st.nActive).reduce((x, y) => (st.load[y]! > st.load[x]! ? y : x));
  for (let i = 0; i < st.inst.n; i++) {
    if (evalRelocate(st, i, full, d)) {
      assert(st.load[full]! + st.inst.size[i]! <= st.inst.capacity);
    }
  }
});

Deno.test("emptyBlock: empties into other blocks, or changes nothing when it cannot", () => {
  const inst = makeInstance(randomLots(4, 30, 3, 1, 20), config);
  const st = PackState.fromBlocks(inst, [...Array(30).keys()].map((i) => [i]));
  const low = st.active.slice(0, st.nActive).reduce((x, y) => (st.load[y]! < st.load[x]! ? y : x));
  const before = st.cost();
  const blocks = st.blocks;
  const dc = emptyBlock(st, low);
  assert(dc !== null, "small lots fit elsewhere");
  assertEquals(st.blocks, blocks - 1);
  assert(Math.abs(st.cost() - before - dc) < 1e-9);
  assertEquals(st.check(), []);
  // A ceiling of -Infinity refuses every emptying and must restore the state.
  const snap = st.toBlocks().map((b) => [...b].sort((x, y) => x - y)).sort((a, b) => a[0]! - b[0]!);
  const victim = st.active[0]!;
  assertEquals(emptyBlock(st, victim, -Infinity), null);
  const after = st.toBlocks().map((b) => [...b].sort((x, y) => x - y)).sort((a, b) =>
    a[0]! - b[0]!
  );
  assertEquals(after, snap);
  assertEquals(st.check(), []);
  // Big lots (over half a block each) can never share: emptying is impossible.
  const big = startState(5, 6, 2, 118);
  const bigBlocks = big.toBlocks().length;
  if (big.toBlocks().every((b) => b.length === 1)) {
    assertEquals(emptyBlock(big, big.active[0]!), null);
    assertEquals(big.blocks, bigBlocks);
  }
});

Deno.test("ejectBlock: empties a block through a chain where direct emptying fails", () => {
  const h = 19_920;
  const lots = [
    { id: "x", type: "T", vials: 60 * h },
    { id: "p", type: "T", vials: 50 * h },
    { id: "q", type: "T", vials: 10 * h },
    { id: "r", type: "T", vials: 100 * h },
  ];
  const inst = makeInstance(lots, config);
  const st = PackState.fromBlocks(inst, [[0], [1, 2], [3]]);
  const all = () => Array.from(st.active.subarray(0, st.nActive));
  const a = st.blockOf[0]!;
  assertEquals(emptyBlock(st, a), null);
  // Refused when the cost may not fall: the state stays as it was.
  assertEquals(ejectBlock(st, a, all, -100), null);
  assertEquals(st.blocks, 3);
  assertEquals(st.check(), []);
  const dc = ejectBlock(st, a, all);
  assertEquals(dc, -(inst.blockCost + inst.setupHours));
  assertEquals(st.blocks, 2);
  assertEquals(st.blockOf[0], st.blockOf[1]);
  assertEquals(st.blockOf[2], st.blockOf[3]);
  assertEquals(st.check(), []);
  // Nothing can take a 100 h lot: the chain fails and the state is unchanged.
  const r = st.blockOf[3]!;
  assertEquals(ejectBlock(st, r, all), null);
  assertEquals(st.blocks, 2);
  assertEquals(st.check(), []);
});
