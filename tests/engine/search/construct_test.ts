import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, lineOf } from "../../../src/engine/config.ts";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { PackState } from "../../../src/engine/search/state.ts";
import { constructions, greedyPack, orderLots } from "../../../src/engine/search/construct.ts";
import { randomLots } from "./_random.ts";

const config = lineOf(DEFAULT_CONFIG);

Deno.test("constructions: every lot once, every block within capacity", () => {
  for (const [seed, types, maxH] of [[1, 3, 110], [2, 8, 20], [3, 1, 60]] as const) {
    const inst = makeInstance(randomLots(seed, 120, types, 1, maxH), config);
    const all = [...constructions(inst)];
    assertEquals(all.filter((c) => c.name.startsWith("room-fill")).length, 3);
    assertEquals(all.length, 9);
    for (const c of all) {
      assertEquals(c.blocks.flat().sort((a, b) => a - b), [...Array(120).keys()], c.name);
      const st = PackState.fromBlocks(inst, c.blocks);
      assertEquals(st.check(), [], c.name);
    }
  }
});

Deno.test("orderLots: size order is descending; type orders keep each type together", () => {
  const inst = makeInstance(randomLots(4, 50, 4), config);
  const bySize = orderLots(inst, "size");
  for (let k = 1; k < bySize.length; k++) {
    assert(inst.size[bySize[k - 1]!]! >= inst.size[bySize[k]!]!);
  }
  for (const order of ["type-size", "type-count"] as const) {
    const o = orderLots(inst, order);
    const runs = o.filter((i, k) => k === 0 || inst.type[o[k - 1]!] !== inst.type[i]).length;
    assertEquals(runs, inst.nTypes, order);
  }
});

Deno.test("greedyPack: with type preference a lot joins its type rather than the tightest block", () => {
  const h = 19_920;
  const lots = [
    { id: "a1", type: "A", vials: 80 * h },
    { id: "b1", type: "B", vials: 100 * h },
    { id: "a2", type: "A", vials: 10 * h },
  ];
  const inst = makeInstance(lots, config);
  const pref = PackState.fromBlocks(inst, greedyPack(inst, [0, 1, 2], "best", true));
  const plain = PackState.fromBlocks(inst, greedyPack(inst, [0, 1, 2], "best", false));
  assertEquals(pref.typeSlots, 2);
  assertEquals(plain.typeSlots, 3);
  assertEquals(pref.blockOf[2], pref.blockOf[0]);
  assertEquals(plain.blockOf[2], plain.blockOf[1]);
});
