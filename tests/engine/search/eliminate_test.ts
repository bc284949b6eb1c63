import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import type { LineConfig, Lot } from "../../../src/engine/model.ts";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { constructions } from "../../../src/engine/search/construct.ts";
import { eliminateBlocks, packInto } from "../../../src/engine/search/eliminate.ts";
import { PackState } from "../../../src/engine/search/state.ts";
import { Rng } from "../../../src/engine/search/_rng.ts";
import { benchPath } from "../../_helpers/paths.ts";
import { blockHours, tinyInstance } from "../../_helpers/brute_force.ts";
import { randomLots } from "./_random.ts";
import { binPackConfig as binPacking } from "../../../scripts/binpack/family_table.ts";

/** Every lot exactly once and every block within the window (PackState's recount). */
function assertValid(
  blocks: readonly (readonly number[])[],
  n: number,
  config: LineConfig,
  lots: readonly Lot[],
) {
  const inst = makeInstance(lots, config);
  const all = blocks.flat();
  assertEquals(all.length, n);
  assertEquals(new Set(all).size, n);
  assertEquals(PackState.fromBlocks(inst, blocks).check(), []);
}

function bestConstruction(lots: readonly Lot[], config: LineConfig): number[][] {
  let best: number[][] = [];
  for (const c of constructions(makeInstance(lots, config))) {
    if (!best.length || c.blocks.length < best.length) best = c.blocks;
  }
  return best;
}

Deno.test("eliminateBlocks: a triplet instance (every bin exactly full) reaches n/3 blocks", () => {
  const { lots } = parseLotsCsv(
    Deno.readTextFileSync(benchPath("binpack/falkenauer_t/t60_00.csv")),
  );
  const config = binPacking(1000);
  const start = bestConstruction(lots, config);
  assert(start.length > 20, "first fit is above the optimum here");
  const got = eliminateBlocks(makeInstance(lots, config), start, {
    rng: new Rng(1),
    deadline: Infinity,
    now: () => 0,
    minBlocks: 20,
    maxSteps: 2_000_000,
  });
  assertValid(got, lots.length, config, lots);
  assertEquals(got.length, 20);
});

Deno.test("eliminateBlocks: never more blocks, every lot kept, types and setups respected", () => {
  for (let seed = 1; seed <= 6; seed++) {
    const lots = randomLots(seed, 30 + seed * 5, 1 + (seed % 5), 5, 100);
    const config = DEFAULT_CONFIG;
    const start = bestConstruction(lots, config);
    let improved = 0;
    const got = eliminateBlocks(makeInstance(lots, config), start, {
      rng: new Rng(seed),
      deadline: Infinity,
      now: () => 0,
      minBlocks: 1,
      maxSteps: 3_000,
      onImproved: (blocks) => {
        assertValid(blocks, lots.length, config, lots);
        improved++;
      },
    });
    assertValid(got, lots.length, config, lots);
    assert(got.length <= start.length, `seed ${seed}`);
    assertEquals(got.length < start.length, improved > 0);
  }
});

/** The fewest blocks that hold `lots`, by trying every assignment (tiny inputs only). */
function fewestBlocks(lots: readonly Lot[], config: LineConfig): number {
  let best = lots.length;
  const blocks: Lot[][] = [];
  const visit = (i: number) => {
    if (blocks.length >= best) return;
    if (i === lots.length) {
      best = blocks.length;
      return;
    }
    for (const b of [...blocks, null]) {
      const block = b ?? [];
      if (!b) blocks.push(block);
      block.push(lots[i]!);
      if (blockHours(block, config) <= config.windowHours + 1e-9) visit(i + 1);
      block.pop();
      if (!b) blocks.pop();
    }
  };
  visit(0);
  return best;
}

Deno.test("packInto: packs into k blocks exactly when exhaustive search says k blocks suffice", () => {
  for (let seed = 1; seed <= 60; seed++) {
    const { lots, config } = tinyInstance(seed, 3 + (seed % 6));
    const inst = makeInstance(lots, config);
    const fewest = fewestBlocks(lots, config);
    const items = lots.map((_, i) => i);
    const packed = packInto(inst, items, fewest, 1e9);
    assert(packed, `seed ${seed}: no packing into ${fewest} blocks`);
    assertValid(packed, lots.length, config, lots);
    assert(packed.length <= fewest);
    if (fewest > 1) assertEquals(packInto(inst, items, fewest - 1, 1e9), null, `seed ${seed}`);
  }
});
