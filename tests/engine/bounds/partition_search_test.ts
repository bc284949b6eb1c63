import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { columnGenerationBound } from "../../../src/engine/bounds/column_generation.ts";
import { searchPartitions } from "../../../src/engine/bounds/partition_search.ts";
import { computeLowerBound } from "../../../src/engine/bounds/mod.ts";
import { budgetOf } from "../../../src/engine/budget.ts";
import { blocksCost, packingForm, roundUpToLattice } from "../../../src/engine/packing/mod.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import { benchPath } from "../../_helpers/paths.ts";
import {
  blockHours,
  bruteForceOptimum,
  partitionMakespan,
  tinyInstance,
} from "../../_helpers/brute_force.ts";

Deno.test("searchPartitions() answers 'is there a schedule ≤ cutoff?' as brute force does", async () => {
  let asked = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const { lots, config } = tinyInstance(seed, 4 + (seed % 6));
    const form = packingForm(lots, config);
    if (form.blockCost < 0 || !(form.lattice > 0)) continue;
    const opt = bruteForceOptimum(lots, config).makespanHours;
    const cg = await columnGenerationBound(lots, config, { budgetMs: 5000 });
    assert(cg.proof, `seed ${seed}: not converged`);
    const ask = (cutoff: number) => searchPartitions(form, cg.proof!, cutoff, budgetOf(5000)).kind;
    // The optimum itself is found, as a partition of the lots within the cutoff; a lattice step
    // below it there is nothing.
    const found = searchPartitions(form, cg.proof, opt + 1e-6, budgetOf(5000));
    assert(found.kind === "found", `seed ${seed}: at the optimum ${opt}`);
    const counts = form.groups.map(() => 0);
    for (const g of found.blocks.flat()) counts[g]!++;
    assertEquals(counts, form.groups.map((g) => g.lots.length), `seed ${seed}`);
    assert(blocksCost(found.blocks, form) <= opt + 1e-6, `seed ${seed}`);
    assertEquals(ask(opt - form.lattice * (1 - 1e-6)), "none", `seed ${seed}: below ${opt}`);
    asked++;
  }
  assert(asked >= 30, `only ${asked} instances asked`);
});

Deno.test("searchPartitions() gives up ('unknown') when its budget is spent", async () => {
  const { lots, config } = tinyInstance(5, 9);
  const form = packingForm(lots, config);
  const cg = await columnGenerationBound(lots, config, { budgetMs: 5000 });
  const spent = { now: () => 1, end: 0 };
  assertEquals(searchPartitions(form, cg.proof!, 1e9, spent).kind, "unknown");
});

Deno.test("computeLowerBound() with a known plan: never above the optimum, and a better schedule it meets is real", async () => {
  let met = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const { lots, config } = tinyInstance(seed, 4 + (seed % 6));
    const opt = bruteForceOptimum(lots, config).makespanHours;
    const form = packingForm(lots, config);
    for (const upper of [opt + 2 * form.lattice, opt + form.lattice, opt]) {
      const lb = await computeLowerBound(lots, config, { budgetMs: 2000, upperBoundHours: upper });
      const where = `seed ${seed}, plan ${upper}`;
      assert(lb.lowerBoundHours <= opt + 1e-7, `${where}: ${lb.lowerBoundHours}`);
      if (lb.better) {
        met++;
        // Every lot once, every block within the window, and better than the plan.
        const ids = lb.better.flat().map((l) => l.id).sort();
        assertEquals(ids, lots.map((l) => l.id).sort(), where);
        assert(lb.better.every((b) => blockHours(b, config) <= config.windowHours + 1e-9));
        const makespan = partitionMakespan(lb.better, config);
        assert(makespan < upper - 1e-7 && makespan >= lb.lowerBoundHours - 1e-7, where);
      } else if (lb.method === "partition-search") {
        assert(Math.abs(upper - opt) < 1e-7, `${where}: a plan above the optimum proven`);
      }
    }
  }
  assert(met > 0, "the search never met a better schedule");
});

Deno.test("bimodal_n30: the search proves 1813.19 h optimal, where the LP stays a step below", async () => {
  // Its LP is integral in blocks and type slots, so no rounding or split lifts it; milp-opt
  // proves 1813.19 h optimal in about a minute.
  const { lots } = parseLotsCsv(await Deno.readTextFile(benchPath("public/bimodal_n30_t3.csv")));
  const form = packingForm(lots, DEFAULT_CONFIG);
  // 1813.19 h to two decimals: the first lattice point from 1813.18 h on is the optimum.
  const target = roundUpToLattice(1813.19 - 0.01, form);
  const plain = await computeLowerBound(lots, DEFAULT_CONFIG, { budgetMs: 5000 });
  assertEquals(plain.lowerBoundHours, target - form.lattice);
  const lb = await computeLowerBound(lots, DEFAULT_CONFIG, {
    budgetMs: 5000,
    upperBoundHours: target,
  });
  assertEquals(lb.lowerBoundHours, target);
  assertEquals(lb.method, "partition-search");
});

Deno.test("uniform_n60: the search on the 'more' side of the block split proves 4041.15 h", async () => {
  // Its LP has 29.5 blocks; under 30 the bound is far above the plan, at 30 or more the LP stays
  // a step below it (milp-opt left that step open after 270 s).
  const { lots } = parseLotsCsv(await Deno.readTextFile(benchPath("public/uniform_n60_t4.csv")));
  const form = packingForm(lots, DEFAULT_CONFIG);
  const target = roundUpToLattice(4041.15 - 0.01, form);
  const lb = await computeLowerBound(lots, DEFAULT_CONFIG, {
    budgetMs: 5000,
    upperBoundHours: target,
  });
  assertEquals(lb.lowerBoundHours, target);
  assertEquals(lb.method, "partition-search");
});
