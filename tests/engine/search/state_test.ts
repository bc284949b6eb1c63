import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { DEFAULT_CONFIG, lineOf } from "../../../src/engine/config.ts";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { blocksOfSnapshot, PackState } from "../../../src/engine/search/state.ts";
import { Rng } from "../../../src/engine/search/_rng.ts";
import { planActivities } from "../../../src/engine/planner.ts";
import { computeKpis } from "../../../src/engine/kpis.ts";
import type { Lot } from "../../../src/engine/model.ts";
import { randomLots } from "./_random.ts";

const config = lineOf(DEFAULT_CONFIG);

/** Makespan of index blocks, through the real planner and KPIs. */
function plannedMakespan(lots: readonly Lot[], blocks: number[][]): number {
  const plan = blocks.map((b) => {
    const sorted = [...b].sort((x, y) => lots[x]!.type.localeCompare(lots[y]!.type));
    return sorted.map((i) => lots[i]!);
  });
  return computeKpis(planActivities(plan, config), config).makespanHours;
}

Deno.test("makeInstance: exact vial units when the rate makes every constant whole", () => {
  const lots = randomLots(1, 10, 3);
  const inst = makeInstance(lots, config);
  assertEquals(inst.setup, 19_920 * 4);
  assertEquals(inst.size[0], lots[0]!.vials + 19_920 * 4);
  assertEquals(inst.blockCost, 16);
  assertEquals(inst.setupHours, 4);
  const frac = makeInstance(lots, { ...config, fillRateVph: 1000.3 });
  assert(Math.abs(frac.size[0]! - (lots[0]!.vials / 1000.3 + 4)) < 1e-12);
  assertEquals(inst.lotsByType.reduce((a, l) => a + l.length, 0), 10);
});

Deno.test("PackState: totals match a recount and the planner through random adds and moves", () => {
  for (const [types, slotsFlat] of [[3, true], [60, false]] as const) {
    const lots = randomLots(2, 60, types, 1, 40);
    const inst = makeInstance(lots, config);
    // One block per lot always fits; a huge slot count forces the sparse type table.
    const slots = slotsFlat ? 60 : 70_000;
    const st = new PackState(inst, slots);
    for (let i = 0; i < 60; i++) st.add(i, st.openBlock());
    const rng = new Rng(3);
    for (let k = 0; k < 2000; k++) {
      const i = rng.int(60);
      const b = st.active[rng.int(st.nActive)]!;
      const t = inst.type[i]!;
      const add = inst.size[i]! + (st.table.count(b, t) ? 0 : inst.setup);
      if (st.blockOf[i] !== b && st.load[b]! + add <= inst.capacity) st.move(i, b);
    }
    assertEquals(st.check(), []);
    const blocks = st.toBlocks();
    assertEquals(blocks.flat().sort((a, b) => a - b), [...Array(60).keys()]);
    assert(Math.abs(st.makespan() - plannedMakespan(lots, blocks)) < 1e-6);
    assertEquals(blocksOfSnapshot(st.snapshot()).length, st.blocks);
    assert(st.blocks < 60, "moves should have merged blocks");
  }
});

Deno.test("PackState: runs out of slots loudly and fromBlocks skips empty blocks", () => {
  const lots = randomLots(4, 3, 2);
  const inst = makeInstance(lots, config);
  const st = PackState.fromBlocks(inst, [[0], [], [1, 2]]);
  assertEquals(st.blocks, 2);
  assertEquals(st.hasFreeBlock(), true);
  st.openBlock();
  assertEquals(st.hasFreeBlock(), false);
  throws(() => st.openBlock(), /no free block slot/);
});

Deno.test("PackState.check: reports corrupted totals", () => {
  const lots = randomLots(6, 6, 2, 1, 20);
  const inst = makeInstance(lots, config);
  const st = PackState.fromBlocks(inst, [[0, 1, 2], [3, 4, 5]]);
  assertEquals(st.check(), []);
  const b = st.active[0]!;
  st.load[b] = st.load[b]! + inst.capacity;
  st.typeSlots++;
  st.nActive++;
  st.ntypes[b]!++;
  const errs = st.check().join("; ");
  for (const what of [/load/, /type count/, /type slots/, /active/]) assert(what.test(errs), errs);
  const c = st.active[1]!;
  st.blockOf[st.members[c]![0]!] = b;
  assert(/misfiled/.test(st.check().join("; ")));
  // An over-full block is reported even when its recorded load agrees.
  const big = makeInstance(randomLots(7, 3, 1, 60, 60), config);
  const over = PackState.fromBlocks(big, [[0, 1, 2]]);
  assert(/over capacity/.test(over.check().join("; ")));
});
