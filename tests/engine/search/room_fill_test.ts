import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, lineOf } from "../../../src/engine/config.ts";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { PackState } from "../../../src/engine/search/state.ts";
import { greedyPack, orderLots } from "../../../src/engine/search/construct.ts";
import { defaultTypePenalty, roomFill } from "../../../src/engine/search/room_fill.ts";
import { randomLots } from "./_random.ts";

const config = lineOf(DEFAULT_CONFIG);
const h = 19_920;

Deno.test("roomFill: every lot once, every block within capacity, at every shape", () => {
  const shapes = [[1, 3, 1, 110], [2, 8, 1, 20], [3, 1, 30, 60], [4, 40, 1, 115], [5, 2, 55, 65]];
  for (const [seed, types, minH, maxH] of shapes) {
    for (const line of [config, { ...config, chgSameHours: 0, chgDiffHours: 0 }]) {
      const inst = makeInstance(randomLots(seed!, 300, types!, minH, maxH), line);
      const blocks = roomFill(inst);
      assertEquals(blocks.flat().sort((a, b) => a - b), [...Array(300).keys()]);
      assertEquals(PackState.fromBlocks(inst, blocks).check(), [], `seed ${seed}`);
    }
  }
});

Deno.test("roomFill: a long lot gets the pair that fills its room, not the largest lot that fits", () => {
  // Sizes are fill + 4 in a room of 124: 74 leaves 50, which 26 + 24 fill exactly; 38, the
  // largest that fits, would leave 12 that nothing fills.
  const lots = [
    { id: "big", type: "A", vials: 70 * h },
    { id: "m", type: "A", vials: 34 * h },
    { id: "s1", type: "A", vials: 22 * h },
    { id: "s2", type: "A", vials: 20 * h },
  ];
  const inst = makeInstance(lots, config);
  const blocks = roomFill(inst);
  assertEquals(blocks.length, 2);
  const withBig = blocks.find((b) => b.includes(0))!;
  assertEquals(withBig.map((i) => lots[i]!.id).sort(), ["big", "s1", "s2"]);
  // Decreasing best fit takes the largest lot that fits.
  const bfd = greedyPack(inst, orderLots(inst, "size"), "best");
  assertEquals(bfd.find((b) => b.includes(0))!.map((i) => lots[i]!.id).sort(), ["big", "m"]);
});

Deno.test("roomFill: a lot of another type fills a room only when it is worth a type slot", () => {
  const lots = [
    { id: "a", type: "A", vials: 100 * h },
    { id: "b", type: "B", vials: 10 * h },
    { id: "c", type: "C", vials: 100 * h },
  ];
  const inst = makeInstance(lots, config);
  // A 10 h filler saves a tenth of a block at most; the penalty (~29 h of fill) says no.
  assert(defaultTypePenalty(inst) > 10 * h);
  assertEquals(roomFill(inst).length, 3);
  // Without a penalty it joins a long lot's block.
  assertEquals(roomFill(inst, 0).length, 2);
});
