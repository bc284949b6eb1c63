import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG, lineOf } from "../../../src/engine/config.ts";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { PackState } from "../../../src/engine/search/state.ts";
import { constructions } from "../../../src/engine/search/construct.ts";
import { improve } from "../../../src/engine/search/local_search.ts";
import { randomLots } from "./_random.ts";

const config = lineOf(DEFAULT_CONFIG);

Deno.test("improve() reads the clock inside a chunk and stops there once the deadline passes", async () => {
  const inst = makeInstance(randomLots(5, 300, 6), config);
  const start = constructions(inst).next().value!.blocks;
  // The clock passes the deadline on its first read: the search must stop at that check,
  // long before a chunk of ticks ends, and keep a valid packing at least as good as its start.
  let reads = 0;
  let ticks = 0;
  const st = PackState.fromBlocks(inst, start);
  const before = st.cost();
  const res = await improve(st, {
    seed: 1,
    maxIterations: 0,
    deadline: 0,
    targetCost: 0,
    lnsBlocks: 3,
    now: () => ++reads,
    onTick: () => void ticks++,
  });
  assertEquals(res.stop, "time");
  assertEquals(reads, 1);
  assertEquals(ticks, 0);
  assert(res.iterations > 0 && res.iterations < 100, `${res.iterations} iterations`);
  assert(res.bestCost <= before + 1e-9);
  assertEquals(PackState.fromBlocks(inst, res.best).check(), []);
});
