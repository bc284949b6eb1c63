/**
 * The rush-lot ranking against trying every place: each ranked option, applied and planned in
 * full, has exactly the makespan and clean change the ranking claims and is valid; the best
 * ranked option is the best of them all; every place after the frozen prefix is offered.
 */
import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import {
  applyInsertion,
  applyRushLot,
  DEFAULT_CONFIG,
  diffSchedules,
  firstFreeOf,
  frozenPrefix,
  InputError,
  type Lot,
  planActivities,
  planMakespan,
  rankInsertions,
  rankRushLot,
  runSchedule,
  type SchedulerConfig,
  validateSchedule,
} from "../../../src/engine/mod.ts";
import { tinyInstance } from "../../_helpers/brute_force.ts";

const TOL = 1e-6;
const HOUR_MS = 3_600_000;

Deno.test("insertion: the ranking's best equals the best of trying every place, and each cost is exact", async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const inst = tinyInstance(seed * 13 + 5, 4 + (seed % 7));
    const config = inst.config;
    const parent = await runSchedule(inst.lots, { ...DEFAULT_CONFIG, ...config }, {
      strategy: seed % 2 ? "smart-pack" : "given-order",
      startMs: 0,
    });
    const nowH = (seed % 3) * parent.kpis.makespanHours / 3 - 0.5;
    const prefix = frozenPrefix(parent.plan, config, nowH, seed % 5 === 0);
    const free = firstFreeOf(prefix);
    const rush: Lot = {
      id: "RUSH",
      type: inst.lots[seed % inst.lots.length]!.type,
      vials: Math.max(
        1,
        Math.round(config.windowHours * config.fillRateVph * ((seed % 9) + 1) / 10),
      ),
    };
    const all = [...inst.lots, rush];
    const at = `seed ${seed}`;
    const ranked = rankInsertions(parent.plan, rush, config, free);
    const base = planMakespan(parent.plan, config);
    let best = Infinity;
    for (const o of ranked) {
      const plan = applyInsertion(parent.plan, rush, o, config);
      const acts = planActivities(plan, config);
      assertEquals(validateSchedule(all, acts, config), [], `${at} ${JSON.stringify(o)}`);
      const ms = planMakespan(plan, config);
      assert(Math.abs(ms - base - o.makespanDeltaHours) < TOL, `${at}: ${o.kind} delta`);
      assertEquals(plan.length - parent.plan.length, o.cleansDelta, `${at}: cleans`);
      // Frozen lots stay where they were; moved lots are where the option says.
      prefix.blocks.forEach((b, i) => assertEquals(plan[i]!.slice(0, b.length), b, at));
      for (const m of o.moved) assert(plan[m.toBlock]!.some((l) => l.id === m.lotId), `${at} move`);
      best = Math.min(best, ms);
    }
    assert(Math.abs(base + ranked[0]!.makespanDeltaHours - best) < TOL, `${at}: best`);
    // Every position in every block from the first free one, and every new-block slot.
    const places = new Set(
      ranked.filter((o) => o.kind !== "new-block").map((o) => `${o.block}:${o.position}`),
    );
    let expected = 0;
    parent.plan.forEach((b, i) => {
      if (i < free.block) return;
      for (let p = i === free.block ? free.position : 0; p <= b.length; p++) {
        // Only a lot that alone overflows the end of a block is left to the next or a new block.
        if (!places.has(`${i}:${p}`)) assertEquals(p, b.length, `${at}: place ${i}:${p} missing`);
        else expected++;
      }
    });
    assertEquals(places.size, expected, at);
  }
});

Deno.test("insertion: a rush lot applied is a valid new version; the diff names it and the lots it moved", async () => {
  const inst = tinyInstance(77, 9);
  const config: SchedulerConfig = { ...DEFAULT_CONFIG, ...inst.config };
  const parent = await runSchedule(inst.lots, config, { strategy: "smart-pack", startMs: 0 });
  const rush: Lot = { id: "RUSH", type: inst.lots[0]!.type, vials: inst.lots[0]!.vials };
  const nowMs = parent.activities[3]!.startH * HOUR_MS;
  const ranking = rankRushLot(parent, config, rush, { nowMs });
  const withMoves = ranking.options.find((o) => o.moved.length > 0) ?? ranking.options[0]!;
  const { schedule, option, remainder } = await applyRushLot(parent, config, rush, withMoves, {
    nowMs,
    boundBudgetMs: 100,
  });
  assertEquals(option, withMoves);
  assert(
    Math.abs(schedule.kpis.makespanHours - parent.kpis.makespanHours - option.makespanDeltaHours) <
      TOL,
  );
  assert(schedule.bound.lowerBoundHours <= schedule.kpis.makespanHours + TOL);
  assert(remainder.lowerBoundHours <= remainder.makespanHours + TOL);
  const d = diffSchedules(parent, schedule);
  assertEquals(d.added, ["RUSH"]);
  assertEquals(d.removed, []);
  assertEquals(d.moved.map((m) => m.lotId).sort(), option.moved.map((m) => m.lotId).sort());
  assertEquals(d.kpis.cleans.delta, option.cleansDelta);
  assertEquals(d.blocksAdded.length - d.blocksRemoved.length, option.cleansDelta);
});

Deno.test("insertion: a duplicate, empty or too long rush lot, or a frozen place, is refused by name", async () => {
  const inst = tinyInstance(9, 5);
  const config: SchedulerConfig = { ...DEFAULT_CONFIG, ...inst.config };
  const parent = await runSchedule(inst.lots, config, { strategy: "smart-pack", startMs: 0 });
  const taken = inst.lots[0]!;
  throws(
    () => rankRushLot(parent, config, { ...taken }),
    (e: unknown) =>
      e instanceof InputError &&
      e.issues.some((i) => i.code === "DUPLICATE_LOT_ID" && i.lotId === taken.id),
  );
  const tooLong = { id: "X", type: "T1", vials: config.windowHours * config.fillRateVph + 10 };
  throws(
    () => rankRushLot(parent, config, tooLong),
    (e: unknown) =>
      e instanceof InputError && e.issues.some((i) => i.code === "LOT_TOO_LONG" && i.lotId === "X"),
  );
  const nowMs = (parent.kpis.makespanHours + 1) * HOUR_MS;
  const rush = { id: "R", type: "T1", vials: 1 };
  await (async () => {
    try {
      await applyRushLot(parent, config, rush, { kind: "into-block", block: 0, position: 0 }, {
        nowMs,
      });
      assert(false, "a frozen place must be refused");
    } catch (e) {
      assert(e instanceof InputError && e.issues[0]!.field === "at", String(e));
    }
  })();
  // After the end only new blocks at the end, or the end of the open last block, are offered.
  const late = rankRushLot(parent, config, rush, { nowMs });
  const last = parent.plan.length - 1;
  for (const o of late.options) {
    assert(o.kind === "new-block" ? o.block === parent.plan.length : o.block === last);
  }
});
