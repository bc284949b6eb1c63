import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { DEFAULT_CONFIG } from "../../../src/engine/config.ts";
import { runSchedule } from "../../../src/engine/run_schedule.ts";
import { resolveOptions } from "../../../src/engine/registry.ts";
import { registry } from "../../../src/engine/strategies/mod.ts";
import { smartPack } from "../../../src/engine/strategies/smart_pack.ts";
import { scoreCandidate, SMART_WEIGHTS } from "../../../src/engine/strategies/_score_pick.ts";
import { weightsFrom } from "../../../src/engine/strategies/_score_options.ts";
import { ids } from "./_reference.ts";
import { lots, TINY } from "./_fixtures.ts";

const close = (a: number, b: number) => assert(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

Deno.test("scoreCandidate() adds window use, scaled switch penalty, slack, stay and fill terms", () => {
  const w = SMART_WEIGHTS;
  // Empty block, 4 h lot, no slack: 4 − 0.01 × 4.
  close(scoreCandidate(w, TINY, -1, 0, 0, 0, 4, 0, false), 3.96);
  // Same type at 4 of 10 h used: scale 1 + 0.5 × 0.4 = 1.2; 1 + 5 − 1.2 + 1 − 0.05.
  close(scoreCandidate(w, TINY, 0, 4, 0, 1, 5, 0, false), 5.75);
  // Switch at 6 h used, 2 h left unusable: 2 + 2 − 2 × 1.3 − 3 × 2 − 0.02.
  close(scoreCandidate(w, TINY, 0, 6, 1, 2, 2, 2, false), -4.62);
  // A full window scales the penalty by 1.5.
  close(scoreCandidate(w, TINY, 0, 10, 1, 2, 0, 0, false), 2 - 3);
});

// A (6 h) scores best alone, but B2 (4 h) then B (5 h) fill a window exactly.
const FIX = lots("A:A:6", "B:B:5", "B2:B:4", "C:C:2");

Deno.test("smart-pack with default weights takes the best score, then packs its follow-up", async () => {
  // Pick 1 scores: A 5.94, B 4.95, B2 3.96, C 1.98. Totals with look-ahead × 0.25:
  // A 5.94 + 0.25 × 1.38 (C after A), B 4.95 + 0.25 × 4.71, B2 3.96 + 0.25 × 5.75 → A.
  const { plan } = await smartPack.run({ lots: FIX, config: TINY, options: {} });
  assertEquals(ids(plan), [["A", "C"], ["B", "B2"]]);
});

Deno.test("smart-pack's look-ahead weight can turn the pick to a better follow-up", async () => {
  // Weight 1: A 5.94 + 1.38 = 7.32, B 4.95 + 4.71 = 9.66, B2 3.96 + 5.75 = 9.71 → B2, then B.
  // Block 2: A 5.94 + 1.38 (C after A) vs C 1.98 + 5.74 (A after C at 2 h used) → C first.
  const { plan } = await smartPack.run({
    lots: FIX,
    config: TINY,
    options: { lookAheadWeight: 1 },
  });
  assertEquals(ids(plan), [["B2", "B"], ["C", "A"]]);
  // A beam of one is greedy whatever the look-ahead weight.
  const greedy = await smartPack.run({
    lots: FIX,
    config: TINY,
    options: { lookAheadWeight: 1, beamWidth: 1 },
  });
  assertEquals(ids(greedy.plan), [["A", "C"], ["B", "B2"]]);
});

Deno.test("smart-pack penalises slack no remaining lot can fill", async () => {
  // Block start: P (7 h) leaves 3 h where nothing fits (Q needs 2+5, Q2 2+4): 6.93 − 3 × 3
  // = −2.07, while after Q (5 h) Q2 fits exactly (5+1+4 = 10): Q scores 4.95 and wins.
  const fix = lots("P:P:7", "Q:Q:5", "Q2:Q:4");
  const { plan } = await smartPack.run({ lots: fix, config: TINY, options: {} });
  assertEquals(ids(plan), [["Q", "Q2"], ["P"]]);
  // Without the slack weight, P's window use wins (6.93 vs 4.95).
  const noSlack = await smartPack.run({ lots: fix, config: TINY, options: { slackWeight: 0 } });
  assertEquals(ids(noSlack.plan), [["P"], ["Q", "Q2"]]);
});

Deno.test("smart-pack breaks equal scores by input order", async () => {
  const fix = lots("y:Y:4", "x:X:4", "z:Z:4");
  const { plan } = await smartPack.run({ lots: fix, config: TINY, options: {} });
  // Three equal scores at every step: input order wins; 4 + 2 + 4 = 10 fills a window exactly.
  assertEquals(ids(plan), [["y", "x"], ["z"]]);
});

Deno.test("smart-pack declares every weight as a checked option", async () => {
  const { options, errors } = resolveOptions(smartPack, {});
  assertEquals(errors, []);
  assertEquals(options, {
    penaltyScaleEmpty: 1,
    penaltyScaleFull: 1.5,
    slackWeight: 3,
    stayBonus: 1,
    fillWeight: 0.01,
    beamWidth: 3,
    lookAheadWeight: 0.25,
  });
  assertEquals(weightsFrom(options, false), SMART_WEIGHTS);
  assertEquals(resolveOptions(smartPack, { beamWidth: 2.5 }).errors.length, 1);
  assertEquals(resolveOptions(smartPack, { fillWeight: 0.9 }).errors.length, 1);
  assertEquals(registry.resolve("smart"), smartPack);
  const s = await runSchedule(FIX, { ...DEFAULT_CONFIG, ...TINY }, {
    strategy: "smart",
    startMs: 0,
  });
  assertEquals(s.strategy, "smart-pack");
  assertEquals(s.kpis.makespanHours, 2 * 5 + 17 + 2 + 1);
});
