import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  allFamilies,
  cutgen,
  CUTGEN_CLASSES,
  falkenauerTriplets,
  firstFitDecreasing,
  hardLike,
  martelloTothL2,
  minBinSlackBins,
  schollSet1,
  toLotsCsv,
} from "../../scripts/binpack/families.ts";
import {
  DEFAULT_BASELINE,
  readBaseline,
  readIndex,
  sample,
} from "../../scripts/binpack/family_table.ts";
import { random } from "../../scripts/_random.ts";
import { parseLotsCsv } from "../../src/engine/formats/lots_csv.ts";
import { benchPath, repoPath } from "../_helpers/paths.ts";
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

/** A random instance small enough for brute force: 3–9 items, capacity 10–49. */
function smallInstance(next: () => number): { capacity: number; sizes: number[] } {
  const capacity = 10 + Math.floor(next() * 40);
  const sizes = Array.from(
    { length: 3 + Math.floor(next() * 7) },
    () => 1 + Math.floor(next() * capacity),
  );
  return { capacity, sizes };
}

Deno.test("the L2 bound never exceeds the optimum on random small instances", () => {
  const next = random(7);
  let tight = 0;
  for (let k = 0; k < 300; k++) {
    const { capacity, sizes } = smallInstance(next);
    const l2 = martelloTothL2(sizes, capacity);
    const opt = fewestBins(sizes, capacity);
    assert(l2 <= opt, `L2 ${l2} > optimum ${opt} for ${sizes} in ${capacity}`);
    if (l2 === opt) tight++;
  }
  // L2 is a strong bound: it meets the optimum on most small instances.
  assert(tight > 200, `${tight} of 300 tight`);
});

Deno.test("cutgen instances: m·d̄ items of at most m sizes, each within [v1·L, v2·L]", () => {
  const all = cutgen(2);
  assertEquals(all.length, 2 * CUTGEN_CLASSES.length);
  all.forEach((inst, k) => {
    const c = CUTGEN_CLASSES[Math.floor(k / 2)]!;
    assertEquals(inst.capacity, c.capacity);
    assertEquals(inst.sizes.length, c.m * c.demand, inst.name);
    const distinct = new Set(inst.sizes);
    assert(distinct.size <= c.m && distinct.size >= c.m / 2, `${inst.name}: ${distinct.size}`);
    for (const s of distinct) {
      assert(s >= Math.floor(c.v1 * c.capacity) && s <= Math.ceil(c.v2 * c.capacity) + 1, `${s}`);
    }
  });
});

Deno.test("hard_like instances defeat first-fit decreasing and minimum bin slack", () => {
  const all = hardLike();
  assertEquals(all.length, 28);
  for (const inst of all) {
    assert(inst.sizes.length >= 160 && inst.sizes.length <= 200, inst.name);
    assert(inst.sizes.every((s) => s >= 1 && s <= 800), inst.name);
    // They were kept for missing the rounded LP bound, which is at least L2.
    const l2 = martelloTothL2(inst.sizes, inst.capacity);
    assert(firstFitDecreasing(inst.sizes, inst.capacity) > l2, inst.name);
    assert(minBinSlackBins(inst.sizes, inst.capacity) > l2, inst.name);
  }
});

Deno.test("first-fit decreasing and minimum bin slack pack validly: never below the optimum", () => {
  const next = random(11);
  for (let k = 0; k < 200; k++) {
    const { capacity, sizes } = smallInstance(next);
    const opt = fewestBins(sizes, capacity);
    const total = sizes.reduce((a, b) => a + b, 0);
    for (const bins of [firstFitDecreasing(sizes, capacity), minBinSlackBins(sizes, capacity)]) {
      assert(bins >= opt && bins <= sizes.length && bins * capacity >= total, `${sizes}`);
    }
  }
});

Deno.test("the bench's default family sample is exactly the instances the old run holds", () => {
  const picked = sample(readIndex(), 2).map((r) => `${r.family}/${r.name}`);
  assertEquals(picked, [...readBaseline(DEFAULT_BASELINE).keys()]);
  assertEquals(sample(readIndex(), 1, ["schwerin"]).map((r) => r.name), [
    "schwerin1_000",
    "schwerin2_000",
  ]);
});

Deno.test("deno task bench prints the family table, old vs new, unless --no-binpack", async () => {
  const bench = (...flags: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        repoPath("scripts/bench.ts"),
        "--files",
        "small_n15_t4",
        "--strategies",
        "lpt-pack",
        "--bound-ms",
        "0",
        ...flags,
      ],
      stdout: "piped",
    }).output();
  // One quick instance (schwerin2_000: 22 bins, proven in well under a second).
  const out = await bench("--binpack-families", "schwerin_2", "--binpack-per-class", "1");
  assert(out.success);
  const text = new TextDecoder().decode(out.stdout);
  assert(text.includes("| small_n15_t4.csv | 15 | lpt-pack |"), text);
  const tables = text.split("\nClassical bin-packing families")[1] ?? "";
  // This run's table, then before (the stored old opt-pack) and after on the same instance.
  const rows = tables.split("\n").filter((l) => l.startsWith("| schwerin_2 | 1 |"));
  assertEquals(rows.length, 3, tables);
  assert(tables.includes("before:") && tables.includes("after:"));
  const skipped = new TextDecoder().decode((await bench("--no-binpack")).stdout);
  assert(skipped.includes("| lpt-pack |") && !skipped.includes("Classical bin-packing"), skipped);
});
