import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { lpDive } from "../../../src/engine/bounds/lp_dive.ts";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import {
  blockHours,
  bruteForceOptimum,
  partitionMakespan,
  tinyInstance,
} from "../../_helpers/brute_force.ts";
import { benchPath } from "../../_helpers/paths.ts";

Deno.test("lpDive() packs every lot once, each block within the window, never below the optimum", async () => {
  let optimal = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const { lots, config } = tinyInstance(seed, 4 + (seed % 6));
    const blocks = await lpDive(lots, config, { budgetMs: 5000 });
    assert(blocks, `seed ${seed}: no packing`);
    const ids = blocks.flat().map((l) => l.id).sort();
    assertEquals(ids, lots.map((l) => l.id).sort(), `seed ${seed}`);
    for (const b of blocks) {
      assert(blockHours(b, config) <= config.windowHours + 1e-9, `seed ${seed}: block over`);
    }
    const opt = bruteForceOptimum(lots, config).makespanHours;
    const got = partitionMakespan(blocks, config);
    assert(got >= opt - 1e-7, `seed ${seed}: ${got} below the optimum ${opt}`);
    if (got <= opt + 1e-7) optimal++;
    // Told to beat the optimum, it gives up or returns a packing that does not beat it.
    const beat = await lpDive(lots, config, { budgetMs: 5000, cutoffHours: opt });
    assert(!beat || partitionMakespan(beat, config) >= opt - 1e-7, `seed ${seed}`);
  }
  // The LP's blocks are nearly always in an optimal packing of such small instances.
  assert(optimal >= 20, `only ${optimal} of 30 optimal`);
});

Deno.test("lpDive() reaches schwerin1_030's optimum (18 bins; local search stays at 19 in 2 s)", async () => {
  const { lots } = parseLotsCsv(
    await Deno.readTextFile(benchPath("binpack/schwerin_1/schwerin1_030.csv")),
  );
  const config = {
    fillRateVph: 1,
    windowHours: 1000,
    cleanHours: 1,
    chgSameHours: 0,
    chgDiffHours: 0,
  };
  const blocks = await lpDive(lots, config, { budgetMs: 20_000 });
  assertEquals(blocks?.length, 18);
});

Deno.test("lpDive() gives no packing once its budget is spent", async () => {
  const { lots, config } = tinyInstance(3, 8);
  let now = 0;
  const clock = () => now += 1000;
  assertEquals(await lpDive(lots, config, { budgetMs: 500, clock }), null);
});
