import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  allFamilies,
  falkenauerTriplets,
  martelloTothL2,
  schollSet1,
  toLotsCsv,
} from "../../scripts/binpack/families.ts";
import { random } from "../../scripts/_random.ts";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { benchPath } from "../_helpers/paths.ts";
import { fewestBins } from "../_helpers/brute_force.ts";

Deno.test("the committed bench/binpack files are exactly what the generators give", async () => {
  const all = allFamilies();
  const index = (await Deno.readTextFile(benchPath("binpack/index.csv"))).trim().split("\n");
  assertEquals(index.length - 1, all.length);
  // Every 25th instance byte for byte (all of them would only repeat the same check).
  for (let i = 0; i < all.length; i += 25) {
    const inst = all[i]!;
    const text = await Deno.readTextFile(benchPath(`binpack/${inst.family}/${inst.name}.csv`));
    assertEquals(text, toLotsCsv(inst), inst.name);
    assert(index[i + 1]!.startsWith(`${inst.family},${inst.name},${inst.sizes.length},`));
  }
});

Deno.test("triplet instances fill every bin exactly with three items in 250..500", () => {
  for (const t of falkenauerTriplets()) {
    assertEquals(t.sizes.length % 3, 0);
    assertEquals(t.sizes.reduce((a, b) => a + b, 0), t.capacity * t.optimum!);
    assert(t.sizes.every((s) => s >= 250 && s < 500), t.name);
  }
});

Deno.test("instances read back as valid lots, sizes within the family's range", () => {
  const s1 = schollSet1(1);
  assertEquals(s1.length, 36);
  for (const inst of s1) {
    assert(inst.sizes.every((s) => s >= 1 && s <= 100 && s <= inst.capacity));
    const { lots, issues } = parseLotsCsv(toLotsCsv(inst));
    assertEquals(issues, []);
    assertEquals(lots.map((l) => l.vials), inst.sizes);
  }
});

Deno.test("the L2 bound never exceeds the optimum on random small instances", () => {
  const next = random(7);
  let tight = 0;
  for (let k = 0; k < 300; k++) {
    const capacity = 10 + Math.floor(next() * 40);
    const sizes = Array.from(
      { length: 3 + Math.floor(next() * 7) },
      () => 1 + Math.floor(next() * capacity),
    );
    const l2 = martelloTothL2(sizes, capacity);
    const opt = fewestBins(sizes, capacity);
    assert(l2 <= opt, `L2 ${l2} > optimum ${opt} for ${sizes} in ${capacity}`);
    if (l2 === opt) tight++;
  }
  // L2 is a strong bound: it meets the optimum on most small instances.
  assert(tight > 200, `${tight} of 300 tight`);
});
