import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { resolveOptions } from "../../../src/engine/registry.ts";
import { registry } from "../../../src/engine/strategies/mod.ts";
import { hybridPack } from "../../../src/engine/strategies/hybrid_pack.ts";
import { smartPack } from "../../../src/engine/strategies/smart_pack.ts";
import { scoreCandidate } from "../../../src/engine/strategies/_score_pick.ts";
import { weightsFrom } from "../../../src/engine/strategies/_score_options.ts";
import { ids } from "./_reference.ts";
import { lots, TINY } from "./_fixtures.ts";

const close = (a: number, b: number) => assert(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

Deno.test("hybrid score: streak and SPT bonus when staying, short-lot bonus when switching", () => {
  const w = weightsFrom({}, true);
  // Staying at 5 of 10 h, 4 h lot: 1 + 4 − 1 × 1.25 × 1.1 − 0.04 + 1 + 2 + 1/4.
  close(scoreCandidate(w, TINY, 0, 5, 0, 1, 4, 0, false), 6.835);
  // Switching to a type with a short lot waiting: 2 + 3 − 2 × 1.25 × 1.1 − 0.03 + 0.5.
  close(scoreCandidate(w, TINY, 0, 5, 1, 2, 3, 0, true), 2.72);
  // ...and without one.
  close(scoreCandidate(w, TINY, 0, 5, 1, 2, 3, 0, false), 2.22);
  // After a CLEAN neither bonus applies.
  close(scoreCandidate(w, TINY, -1, 0, 1, 0, 3, 0, true), 2.97);
});

Deno.test("hybrid-pack's SPT bonus takes the short lot of a streak first", async () => {
  const fix = lots("X1:X:4", "X2:X:1", "X3:X:3");
  const options = { beamWidth: 1, sptBonus: 4 };
  // After X1 (4 h): X2 scores 2 − 1.32 − 0.01 + 3 + 4/1 = 7.67, X3 4 − 1.32 − 0.03 + 3 + 4/3.
  const { plan } = await hybridPack.run({ lots: fix, config: TINY, options });
  assertEquals(ids(plan), [["X1", "X2", "X3"]]);
  // smart-pack prefers the longer X3 (3.77 vs 1.79).
  const smart = await smartPack.run({ lots: fix, config: TINY, options: { beamWidth: 1 } });
  assertEquals(ids(smart.plan), [["X1", "X3", "X2"]]);
});

Deno.test("hybrid-pack's short-lot bonus steers a switch to the type with a short lot", async () => {
  const fix = lots("Z:Z:5", "P:P:3", "Q:Q:3", "Q1:Q:1");
  // Block start: Z 4.95 beats P, Q 2.97. After Z (5 h): P and Q both score
  // 2 + 3 − 2 × 1.25 × 1.1 − 0.03 = 2.22, but Q has a 1 h lot waiting (≤ 0.1 × 10 h): +0.5.
  const { plan } = await hybridPack.run({ lots: fix, config: TINY, options: { beamWidth: 1 } });
  assertEquals(ids(plan)[0], ["Z", "Q"]);
  // Without that bonus the tie goes to P, earlier in the input.
  const flat = await hybridPack.run({
    lots: fix,
    config: TINY,
    options: { beamWidth: 1, shortLotBonus: 0 },
  });
  assertEquals(ids(flat.plan)[0], ["Z", "P"]);
});

Deno.test("hybrid-pack declares smart-pack's weights plus its own", () => {
  const { options, errors } = resolveOptions(hybridPack, {});
  assertEquals(errors, []);
  assertEquals(options.penaltyMultiplier, 1.1);
  assertEquals(options.streakBonus, 2);
  assertEquals(options.sptBonus, 1);
  assertEquals(options.shortLotBonus, 0.5);
  assertEquals(options.shortLotFraction, 0.1);
  assertEquals(options.beamWidth, 3);
  for (const o of hybridPack.options) assert(o.description.length > 10, o.name);
  assertEquals(registry.resolve("hybrid"), hybridPack);
});
