import {
  deepStrictEqual as assertEquals,
  ok as assert,
  rejects as assertRejects,
  throws as assertThrows,
} from "node:assert/strict";
import {
  applyScenario,
  changeoverHours,
  computeKpis,
  continuousBound,
  DEFAULT_CONFIG,
  explainSchedule,
  explanationText,
  fillHours,
  formatHours,
  InputError,
  type LineConfig,
  type Lot,
  parseLotsCsv,
  type Plan,
  planActivities,
  priceCertificate,
  runSchedule,
  type SchedulerConfig,
  standardScenarios,
  whatIf,
} from "../../src/engine/mod.ts";
import { SEED_LOTS } from "../_helpers/paths.ts";

const LINE: SchedulerConfig = DEFAULT_CONFIG;
const H = LINE.fillRateVph; // vials per hour

function lot(id: string, type: string, hours: number): Lot {
  return { id, type, vials: Math.round(hours * H) };
}

function makespanOf(plan: Plan, config: LineConfig): number {
  return computeKpis(planActivities(plan, config), config).makespanHours;
}

/** Random lots of up to 3 types, some large, some small. */
function randomLots(seed: number, n: number): Lot[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => {
    const hours = next() < 0.3 ? 2 + next() * 10 : 20 + next() * 95;
    return lot(`L${i + 1}`, `T${Math.floor(next() * 3)}`, hours);
  });
}

Deno.test("why each CLEAN: every number equals the plan's, and the sentence says them", async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const lots = randomLots(seed, 6 + (seed % 9));
    const strategy = ["given-order", "spt-pack", "smart-pack", "lpt-pack"][seed % 4]!;
    const schedule = await runSchedule(lots, LINE, { strategy, startMs: 0 });
    const e = explainSchedule(schedule, "heuristic");
    assertEquals(e.cleans.length, schedule.kpis.cleans);
    const cleanActs = schedule.activities.filter((a) => a.kind === "CLEAN");
    e.cleans.forEach((c, k) => {
      assertEquals(c.clean, k + 1);
      assert(Math.abs(c.atHours - cleanActs[k]!.startH) < 1e-9, `${seed}: CLEAN ${k + 1} time`);
      if (k === 0) return assertEquals(c.code, "CLEAN_START");
      const block = schedule.kpis.blocks[k - 1]!;
      assert(Math.abs(c.usedHours - block.usedHours) < 1e-9);
      assert(Math.abs(c.fillHours - block.fillHours) < 1e-9);
      assert(Math.abs(c.changeoverHours - block.changeoverHours) < 1e-9);
      assert(Math.abs(c.leftHours - (LINE.windowHours - block.usedHours)) < 1e-9);
      const closed = schedule.plan[k - 1]!, first = schedule.plan[k]![0]!;
      const need = changeoverHours(closed[closed.length - 1]!.type, first.type, LINE) +
        fillHours(first, LINE);
      assertEquals(c.nextLot!.id, first.id);
      assert(Math.abs(c.nextLot!.neededHours - need) < 1e-9);
      // The planner loop only closes a block when the next lot does not fit.
      assertEquals(c.code, "CLEAN_NEXT_LOT_DOES_NOT_FIT");
      for (const x of [c.usedHours, c.windowHours, c.nextLot!.neededHours, c.leftHours]) {
        assert(c.sentence.includes(`${formatHours(x)} h`), `${c.sentence} lacks ${x}`);
      }
      assert(c.sentence.includes(`Block ${k} `) && c.sentence.includes(first.id));
    });
    for (const ch of e.changeovers) {
      assertEquals(ch.hours, changeoverHours(ch.fromType, ch.toType, LINE));
      assert(ch.sentence.includes(`${formatHours(ch.hours)} h`));
    }
    assertEquals(
      e.changeovers.reduce((a, c) => a + c.hours, 0).toFixed(9),
      schedule.kpis.changeoverHours.toFixed(9),
    );
  }
});

Deno.test("a later lot that fits the slack: its makespan change equals re-planning with it moved", async () => {
  let seen = 0, saving = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const lots = randomLots(seed, 5 + (seed % 8));
    const strategy = ["given-order", "smart-pack", "hybrid-pack"][seed % 3]!;
    const schedule = await runSchedule(lots, LINE, { strategy, startMs: 0 });
    const base = makespanOf(schedule.plan, LINE);
    for (const c of explainSchedule(schedule, "heuristic").cleans) {
      const fit = c.slack.best;
      if (c.closesBlock !== null) {
        // Some later lot fits (next to its type, else after the last lot) exactly when one is named.
        const closed = schedule.plan[c.closesBlock - 1]!;
        const types = new Set(closed.map((l) => l.type));
        const last = closed[closed.length - 1]!.type;
        const any = schedule.plan.slice(c.closesBlock).flat().some((l) =>
          fillHours(l, LINE) + changeoverHours(types.has(l.type) ? l.type : last, l.type, LINE) <=
            c.leftHours + 1e-9
        );
        assertEquals(fit !== null, any, `seed ${seed}: ${c.sentence}`);
      }
      if (!fit) continue;
      seen++;
      // Move the lot: out of its block, into the closed block next to its type (else at the end).
      const plan = schedule.plan.map((b) => [...b]);
      const from = plan[fit.block - 1]!;
      const moved = from.splice(from.findIndex((l) => l.id === fit.lotId), 1)[0]!;
      const to = plan[c.closesBlock! - 1]!;
      const at = to.map((l) => l.type).lastIndexOf(moved.type);
      to.splice(at >= 0 ? at + 1 : to.length, 0, moved);
      const after = makespanOf(plan.filter((b) => b.length > 0), LINE);
      assert(Math.abs(after - base - fit.deltaHours) < 1e-6, `seed ${seed}: ${c.sentence}`);
      // And it really fits the closed block's window.
      const used = computeKpis(planActivities([to], LINE), LINE).blocks[0]!.usedHours;
      assert(used <= LINE.windowHours + 1e-9);
      if (fit.deltaHours < 0) {
        saving++;
        assertEquals(c.slack.code, "LATER_LOT_FITS_WOULD_SAVE");
        assert(c.sentence.includes(`save ${formatHours(-fit.deltaHours)} h`), c.sentence);
      } else assertEquals(c.slack.code, "LATER_LOT_FITS_NO_GAIN");
    }
  }
  assert(seen > 10 && saving > 0, `${seen} fits seen, ${saving} saving`);
});

Deno.test("given-order leaves a saving move: the sentence says which lot, how much, and why", async () => {
  const lots = [lot("A", "X", 100), lot("B", "X", 110), lot("C", "X", 10)];
  const schedule = await runSchedule(lots, LINE, { strategy: "given-order", startMs: 0 });
  assertEquals(schedule.kpis.cleans, 3);
  const c = explainSchedule(schedule, "heuristic").cleans[1]!;
  assertEquals(c.slack.code, "LATER_LOT_FITS_WOULD_SAVE");
  assertEquals(c.slack.best!.lotId, "C");
  // C needs 4 + 10 h next to A; leaving block 3 removes that block's 24 h CLEAN.
  assert(Math.abs(c.slack.best!.deltaHours - (4 - 24)) < 1e-6);
  assert(c.sentence.includes("lot B needs 114 h, 20 h are left"), c.sentence);
  assert(c.sentence.includes("Lot C (block 3) would fit"), c.sentence);
  assert(c.sentence.includes("given-order keeps the input order"), c.sentence);
});

Deno.test("the certificate's arithmetic reproduces the continuous bound exactly", async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const config: SchedulerConfig = {
      ...LINE,
      chgSameHours: seed % 5,
      chgDiffHours: (seed % 5) + (seed % 7),
      cleanHours: 6 + (seed % 30),
    };
    const lots = randomLots(seed, 3 + (seed % 20));
    const schedule = await runSchedule(lots, config, { strategy: "lpt-pack", startMs: 0 });
    const { continuous: d } = explainSchedule(schedule, "heuristic").certificate;
    const { chgSameHours: s, chgDiffHours: D, windowHours: W, cleanHours: C } = config;
    const recomputed = d.fillHours + s * d.lots + (D - s) * d.typeSlots + (C - D) * d.blocks;
    assertEquals(recomputed, d.hours);
    // The plan lists the lots in another order than the input: sums may differ in the last bit.
    assert(Math.abs(d.hours - continuousBound(lots, config)) < 1e-9);
    if (schedule.bound.method === "continuous") {
      assert(Math.abs(d.hours - schedule.bound.lowerBoundHours) < 1e-9);
    }
    for (const t of d.perType) {
      assertEquals(
        t.minBlocks,
        Math.max(1, Math.ceil((t.fillHours + s * t.lots) / (W + s) - 1e-9)),
      );
    }
    assert(d.typeSlots >= d.minTypeSlots && d.typeSlots >= d.blocks);
    assertEquals(d.minTypeSlots, d.perType.reduce((a, t) => a + t.minBlocks, 0));
    assert(
      d.blocks >= Math.ceil((d.fillHours + s * d.lots + (D - s) * d.typeSlots) / (W + D) - 1e-9),
    );
  }
});

Deno.test("the seed example: proven optimal at 497.16 h, with the argument's numbers adding up", async () => {
  const { lots } = parseLotsCsv(await Deno.readTextFile(SEED_LOTS));
  const schedule = await runSchedule(lots, LINE, { strategy: "opt-pack", startMs: 0 });
  const e = explainSchedule(schedule, "optimizer");
  assertEquals(e.certificate.code, "PROVEN_OPTIMAL");
  assertEquals(formatHours(e.certificate.lowerBoundHours), "497.16");
  const last = e.certificate.steps.at(-2)!;
  // "… ≥ a + b + c + d = total h."
  const m = /≥ ([\d.]+) \+ ([\d.]+) \+ ([\d.]+) \+ ([\d.]+) = ([\d.]+) h/.exec(last)!;
  assert(m, last);
  const sum = [1, 2, 3, 4].reduce((a, k) => a + Number(m[k]), 0);
  assert(Math.abs(sum - Number(m[5])) < 0.02, last);
  assertEquals(m[5], "497.16");
  assert(e.certificate.steps.at(-1)!.includes("proven optimal"));
  const text = explanationText(e);
  assert(text.includes("Why each CLEAN:") && text.includes("Why the plan cannot be better:"));
});

Deno.test("a plan with a gap names its size and the blocks with the most slack", async () => {
  const lots = randomLots(3, 14);
  const schedule = await runSchedule(lots, LINE, { strategy: "given-order", startMs: 0 });
  assert(!schedule.bound.provenOptimal);
  const c = explainSchedule(schedule, "heuristic").certificate;
  assertEquals(c.code, "GAP_OPEN");
  assert(
    Math.abs(c.gapHours - (schedule.kpis.makespanHours - schedule.bound.lowerBoundHours)) < 1e-9,
  );
  assert(c.slackBlocks.length > 0);
  const slack = schedule.kpis.blocks.map((b) => LINE.windowHours - b.usedHours);
  assert(Math.abs(c.slackBlocks[0]!.slackHours - Math.max(...slack)) < 1e-9);
  assert(c.steps.at(-1)!.includes(`${formatHours(c.gapHours)} h`));
});

Deno.test("what-if: every scenario's makespan equals re-solving the changed instance", async () => {
  for (let seed = 1; seed <= 12; seed++) {
    const lots = randomLots(seed, 4 + (seed % 7));
    const strategy = seed % 2 ? "lpt-pack" : "cfs-pack";
    const base = await runSchedule(lots, LINE, { strategy, startMs: 0 });
    const scenarios = standardScenarios(lots, LINE);
    assert(scenarios.length >= 5, scenarios.map((s) => s.name).join());
    const results = await whatIf(lots, LINE, scenarios, {
      strategy,
      budgetMs: 600,
      baseline: base.kpis,
    });
    assertEquals(results.map((r) => r.name), scenarios.map((s) => s.name));
    for (const [k, r] of results.entries()) {
      const changed = applyScenario(lots, LINE, scenarios[k]!);
      const again = await runSchedule(changed.lots, changed.config, { strategy, startMs: 0 });
      assertEquals(r.makespanHours, again.kpis.makespanHours, `${seed} ${r.name}`);
      assertEquals(r.cleans, again.kpis.cleans);
      assertEquals(r.deltaMakespanHours, again.kpis.makespanHours - base.kpis.makespanHours);
      assert(r.lowerBoundHours <= r.makespanHours + 1e-9);
    }
  }
});

Deno.test("what-if scenarios: a split keeps every vial, unknown lots and bad values are named", () => {
  const lots = [lot("A", "X", 50), lot("B", "Y", 10)];
  const split = applyScenario(lots, LINE, { name: "s", splitLots: [{ lotId: "A", parts: 3 }] });
  assertEquals(split.lots.map((l) => l.id), ["A/1", "A/2", "A/3", "B"]);
  assertEquals(split.lots.slice(0, 3).reduce((a, l) => a + l.vials, 0), lots[0]!.vials);
  assertThrows(
    () => applyScenario(lots, LINE, { name: "gone", removeLots: ["Z"] }),
    (e: InputError) => e.issues[0]!.lotId === "Z" && /gone/.test(e.message),
  );
  return assertRejects(
    whatIf(lots, LINE, [{ name: "tiny window", set: { windowHours: 20 } }], {
      strategy: "lpt-pack",
      budgetMs: 100,
      baseline: { makespanHours: 0, cleans: 0 },
    }),
    (e: InputError) => /tiny window/.test(e.message) && e.issues.some((i) => i.lotId === "A"),
  );
});

Deno.test("lot prices certify the column-generation bound: no block costs less than its lots' prices", async () => {
  let converged = 0;
  for (let seed = 1; seed <= 25; seed++) {
    const lots = randomLots(seed * 7, 4 + (seed % 6));
    const p = await priceCertificate(lots, LINE, 2000);
    if (!p || !p.converged) continue;
    converged++;
    const { chgSameHours: s, chgDiffHours: D, windowHours: W, cleanHours: C } = LINE;
    const price = new Map(p.lots.map((l) => [l.lotId, l.priceHours]));
    assert(Math.abs([...price.values()].reduce((a, b) => a + b, 0) - p.sumHours) < 1e-6);
    // Every block the line could run: its cost (clean − chgDiff + Σ(fill + s) + (D − s)·types).
    for (let mask = 1; mask < 1 << lots.length; mask++) {
      const block = lots.filter((_, i) => mask & (1 << i));
      const types = new Set(block.map((l) => l.type)).size;
      const size = block.reduce((a, l) => a + fillHours(l, LINE) + s, 0);
      if (size + (D - s) * types > W + D + 1e-9) continue;
      const cost = C - D + size + (D - s) * types;
      const prices = block.reduce((a, l) => a + price.get(l.id)!, 0);
      assert(cost >= prices - 1e-6, `seed ${seed}: block ${mask} costs ${cost} < ${prices}`);
    }
    // So the sum is a bound: no plan (here the best of several strategies) goes below it.
    const best = await runSchedule(lots, LINE, { strategy: "opt-pack", startMs: 0 });
    assert(p.roundedHours <= best.kpis.makespanHours + 1e-6);
  }
  assert(converged >= 15, `${converged} converged`);
});
