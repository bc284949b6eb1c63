/**
 * The fast pickers decide exactly like the brute-force references of `_reference.ts`, on many
 * seeded random instances (ties, equal fills, one type, one type per lot, full-window lots,
 * exactly filled windows, fractional and real-world rates).
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Lot, Plan } from "../../../src/engine/model.ts";
import type { Strategy } from "../../../src/engine/registry.ts";
import { DEFAULT_CONFIG, lineOf } from "../../../src/engine/config.ts";
import { sptOrder, sptPack } from "../../../src/engine/strategies/spt_pack.ts";
import { lptOrder, lptPack } from "../../../src/engine/strategies/lpt_pack.ts";
import { cfsOrder, cfsPack } from "../../../src/engine/strategies/cfs_pack.ts";
import { smartPack } from "../../../src/engine/strategies/smart_pack.ts";
import { hybridPack } from "../../../src/engine/strategies/hybrid_pack.ts";
import { weightsFrom } from "../../../src/engine/strategies/_score_options.ts";
import { ids, randomInstance, refFirstFit, refScorePack } from "./_reference.ts";
import { random } from "../../../scripts/_random.ts";

const SEEDS = 700;

async function planOf(
  s: Strategy,
  inst: { lots: Lot[]; config: import("../../../src/engine/model.ts").LineConfig },
  options: Record<string, unknown> = {},
): Promise<Plan> {
  return (await s.run({ lots: inst.lots, config: inst.config, options })).plan;
}

Deno.test("spt-, lpt- and cfs-pack pick like the brute-force first-fit reference", async () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const inst = randomInstance(seed);
    const { config, lots } = inst;
    assertEquals(
      ids(await planOf(sptPack, inst)),
      ids(refFirstFit(sptOrder(lots), config)),
      `spt ${inst.name}`,
    );
    assertEquals(
      ids(await planOf(lptPack, inst)),
      ids(refFirstFit(lptOrder(lots), config)),
      `lpt ${inst.name}`,
    );
    const groupOrder = seed % 2 ? "count" : "hours";
    const withinGroup = seed % 3 ? "lpt" : "spt";
    assertEquals(
      ids(await planOf(cfsPack, inst, { groupOrder, withinGroup })),
      ids(refFirstFit(cfsOrder(lots, { groupOrder, withinGroup }), config)),
      `cfs ${groupOrder}/${withinGroup} ${inst.name}`,
    );
  }
});

/** Random weights inside the option ranges, including the corner values. */
function randomWeights(seed: number, hybrid: boolean): Record<string, unknown> {
  const r = random(seed * 7919);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const o: Record<string, unknown> = {
    penaltyScaleEmpty: pick([0, 1, 1.25, 2]),
    penaltyScaleFull: pick([0, 1.5, 3]),
    slackWeight: pick([0, 1, 3, 10]),
    stayBonus: pick([0, 1, 2.5]),
    fillWeight: pick([0, 0.01, 0.3, 0.5]),
    beamWidth: pick([1, 2, 3, 5, 20]),
    lookAheadWeight: pick([0, 0.25, 1, 3]),
  };
  if (hybrid) {
    Object.assign(o, {
      penaltyMultiplier: pick([0, 1.1, 2]),
      streakBonus: pick([0, 2, 5]),
      sptBonus: pick([0, 1, 4, 20]),
      shortLotBonus: pick([0, 0.5, 3]),
      shortLotFraction: pick([0, 0.1, 0.3, 1]),
    });
  }
  return o;
}

// Each strategy on its own instances (hybrid's seeds offset), every third with default weights.
for (
  const [strategy, hybrid, seedOffset] of [[smartPack, false, 0], [
    hybridPack,
    true,
    100_000,
  ]] as const
) {
  Deno.test(`${strategy.name} picks like the brute-force reference (default and random weights)`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const inst = randomInstance(seed + seedOffset);
      const options = seed % 3 === 0 ? {} : randomWeights(seed, hybrid);
      assertEquals(
        ids(await planOf(strategy, inst, options)),
        ids(refScorePack(inst.lots, inst.config, weightsFrom(options, hybrid))),
        `${strategy.name} ${inst.name} ${JSON.stringify(options)}`,
      );
    }
  });
}

Deno.test("smart- and hybrid-pack match the reference on larger real-rate instances", async () => {
  // The real line: its default rates, window and changeovers.
  const config = lineOf(DEFAULT_CONFIG);
  for (let seed = 1; seed <= 4; seed++) {
    const r = random(seed);
    const n = 120 + Math.floor(r() * 60);
    const types = 1 + Math.floor(r() * 6);
    // Vials in steps of 25,000 give many equal fills per type (groups in the sorted lists).
    const lots: Lot[] = Array.from({ length: n }, (_, i) => ({
      id: `L${i}`,
      type: `T${Math.floor(r() * types)}`,
      vials: (1 + Math.floor(r() * 60)) * 25_000,
    }));
    const inst = { lots, config };
    for (const [s, hybrid] of [[smartPack, false], [hybridPack, true]] as const) {
      assertEquals(
        ids(await planOf(s, inst)),
        ids(refScorePack(lots, config, weightsFrom({}, hybrid))),
        `${s.name} seed ${seed}`,
      );
    }
  }
});
