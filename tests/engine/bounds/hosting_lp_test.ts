/**
 * The hosting LP: never above the brute-force optimum on small random instances where short
 * lots of one type may fill other types' rooms, never above the bench files' known makespans,
 * and above the large-lots bound it refines on several of them.
 */
import { ok as assert } from "node:assert/strict";
import { largeLotsBound } from "../../../src/engine/bounds/large_lots.ts";
import { hostingLpBound, hostingModel } from "../../../src/engine/bounds/hosting_lp.ts";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { parseLotsCsv } from "../../../src/engine/formats/lots_csv.ts";
import { bruteForceOptimum } from "../../_helpers/brute_force.ts";
import { hostingInstance, largeInstance } from "../../_helpers/large_instance.ts";
import { benchPath } from "../../_helpers/paths.ts";

const TOL = 1e-7;

Deno.test("the hosting LP's bound is never above the brute-force optimum", async () => {
  let solved = 0;
  for (let seed = 1; seed <= 300; seed++) {
    for (
      const { lots, config } of [
        largeInstance(seed, 6 + (seed % 4), true),
        hostingInstance(seed, 7 + (seed % 3)),
      ]
    ) {
      const bound = await hostingLpBound(lots, config, 5000);
      if (bound === 0) continue;
      solved++;
      const opt = bruteForceOptimum(lots, config).makespanHours;
      assert(bound <= opt + TOL, `seed ${seed}: ${bound} > optimum ${opt}`);
    }
  }
  assert(solved > 400, `the LP applied to ${solved} instances only`);
});

Deno.test("the hosting LP stays below the bench files' known makespans and raises several bounds", async () => {
  const rows = (await Deno.readTextFile(benchPath("reference_bounds.csv")))
    .trim().split("\n").slice(1).map((l) => l.split(","));
  let raised = 0;
  for (const [file, , , upper] of rows) {
    const dir = file!.startsWith("lots") ? "seed" : "public";
    const { lots } = parseLotsCsv(await Deno.readTextFile(benchPath(`${dir}/${file}`)));
    const bound = await hostingLpBound(lots, DEFAULT_CONFIG, 5000);
    // The reference figures are printed to 3 decimals.
    assert(bound <= Number(upper) + 5e-4, `${file}: ${bound} > ${upper}`);
    if (bound > largeLotsBound(lots, DEFAULT_CONFIG) + TOL) raised++;
  }
  assert(raised >= 3, `the LP raised only ${raised} bounds`);
});

Deno.test("the hosting LP applies only with a setup, a CLEAN dearer than a changeover and two types or more", () => {
  const h = 19_920;
  const lots = [
    { id: "a", type: "A", vials: 100 * h },
    { id: "b", type: "B", vials: 10 * h },
  ];
  assert(hostingModel(lots, DEFAULT_CONFIG) !== null);
  assert(hostingModel(lots, { ...DEFAULT_CONFIG, chgDiffHours: 4 }) === null);
  assert(hostingModel(lots, { ...DEFAULT_CONFIG, cleanHours: 4 }) === null);
  assert(hostingModel(lots.map((l) => ({ ...l, type: "A" })), DEFAULT_CONFIG) === null);
  assert(hostingModel([], DEFAULT_CONFIG) === null);
});
