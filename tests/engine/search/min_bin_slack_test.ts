import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { makeInstance } from "../../../src/engine/packing/mod.ts";
import { PackState } from "../../../src/engine/search/state.ts";
import { minBinSlack } from "../../../src/engine/search/min_bin_slack.ts";
import { Rng } from "../../../src/engine/search/_rng.ts";
import type { LineConfig, Lot } from "../../../src/engine/model.ts";

/** Plain bin packing of capacity `cap`: one vial per hour, no changeovers. */
const plain = (cap: number, chgDiffHours = 0): LineConfig => ({
  fillRateVph: 1,
  windowHours: cap,
  cleanHours: 1,
  chgSameHours: 0,
  chgDiffHours,
});
const lotsOf = (sizes: readonly number[], types = 1): Lot[] =>
  sizes.map((v, i) => ({ id: `L${i}`, type: `T${i % types}`, vials: v }));

Deno.test("minBinSlack: every lot once, every block within capacity (setups counted)", () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rng = new Rng(seed);
    const cap = 100 + rng.int(100);
    const sizes = Array.from({ length: 80 }, () => 1 + rng.int(cap - 10));
    // A single type with a setup in every block, or several types without setups.
    const [config, types] = seed % 2 ? [plain(cap, 3), 1] : [plain(cap), 4];
    const inst = makeInstance(lotsOf(sizes, types), config);
    const blocks = minBinSlack(inst)!;
    assertEquals(blocks.flat().sort((a, b) => a - b), [...Array(80).keys()], `seed ${seed}`);
    assertEquals(PackState.fromBlocks(inst, blocks).check(), [], `seed ${seed}`);
  }
});

Deno.test("minBinSlack: fills each block exactly where pairs complete each other", () => {
  const rng = new Rng(7);
  const sizes: number[] = [];
  for (let k = 0; k < 40; k++) {
    const a = 51 + rng.int(40);
    sizes.push(a, 150 - a);
  }
  for (let k = sizes.length - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [sizes[k], sizes[j]] = [sizes[j]!, sizes[k]!];
  }
  const blocks = minBinSlack(makeInstance(lotsOf(sizes), plain(150)))!;
  assertEquals(blocks.length, 40);
});

Deno.test("minBinSlack: declines types with setups and inputs too large for its table", () => {
  const sizes = [30, 40, 50, 60];
  assertEquals(minBinSlack(makeInstance(lotsOf(sizes, 2), plain(100, 2))), null);
  assert(minBinSlack(makeInstance(lotsOf(sizes, 2), plain(100))) !== null);
  assertEquals(minBinSlack(makeInstance(lotsOf(sizes), plain(100)), 10), null);
});
