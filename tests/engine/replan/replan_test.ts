/**
 * Re-planning from a frozen prefix on seeded random instances: the prefix is identical before and
 * after, the result is valid and complete, and every bound it reports is at most the brute-force
 * optimum of the same problem (prefix kept).
 */
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import {
  DEFAULT_CONFIG,
  frozenPrefix,
  InputError,
  type Lot,
  replanSchedule,
  runSchedule,
  type Schedule,
  type SchedulerConfig,
  validateSchedule,
} from "../../../src/engine/mod.ts";
import { tinyInstance } from "../../_helpers/brute_force.ts";
import { random } from "../../../scripts/_random.ts";
import { bruteForceAfterPrefix } from "./_open_block_brute.ts";

const TOL = 1e-6;
const HOUR_MS = 3_600_000;

/** A planned tiny instance: its parent schedule, config and a random generator for changes. */
async function parentOf(seed: number, n: number): Promise<
  { parent: Schedule; config: SchedulerConfig; r: () => number }
> {
  const inst = tinyInstance(seed, n);
  const config: SchedulerConfig = { ...DEFAULT_CONFIG, ...inst.config, strategy: "smart-pack" };
  const parent = await runSchedule(inst.lots, config, { startMs: 0 });
  return { parent, config, r: random(seed * 7 + 3) };
}

/** Random changes: add up to two lots, remove or resize some free ones. */
function randomChanges(
  parent: Schedule,
  config: SchedulerConfig,
  frozen: Set<string>,
  r: () => number,
) {
  const free = parent.plan.flat().filter((l) => !frozen.has(l.id));
  const max = Math.floor(config.windowHours * config.fillRateVph);
  const types = [...new Set(parent.plan.flat().map((l) => l.type))];
  const add: Lot[] = [];
  for (let i = 0; i < Math.floor(r() * 3); i++) {
    add.push({
      id: `NEW${i}`,
      type: types[Math.floor(r() * types.length)]!,
      vials: 1 + Math.floor(r() * max),
    });
  }
  const remove = free.filter(() => r() < 0.2).map((l) => l.id);
  const setVials = free.filter((l) => !remove.includes(l.id) && r() < 0.3)
    .map((l) => ({ lotId: l.id, vials: 1 + Math.floor(r() * max) }));
  return { add, remove, setVials };
}

Deno.test("replan: the frozen prefix is identical, the result valid, every bound ≤ the brute-force optimum", async () => {
  const strategies = ["given-order", "smart-pack", "opt-pack"];
  let checked = 0, continued = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const { parent, config, r } = await parentOf(seed, 3 + (seed % 6));
    const nowH = r() * parent.kpis.makespanHours * 1.1 - 1;
    const freezeBlock = r() < 0.3;
    const prefix = frozenPrefix(parent.plan, config, nowH, freezeBlock);
    const changes = randomChanges(parent, config, new Set(prefix.frozenIds), r);
    const strategy = strategies[seed % strategies.length]!;
    const at = `seed ${seed} (${strategy}, now ${nowH.toFixed(2)} h, freezeBlock ${freezeBlock})`;
    const { schedule: s, report } = await replanSchedule(
      parent,
      { ...config, strategyOptions: { "opt-pack": { timeLimitSec: 0.05, maxIterations: 200 } } },
      { nowMs: nowH * HOUR_MS, changes, freezeBlock, strategy, boundBudgetMs: 200 },
    );
    // Every activity up to the last frozen fill is the parent's, to the millisecond.
    const frozenIds = new Set(report.frozenLots);
    const kept = parent.activities.findLastIndex((a) => frozenIds.has(a.lotId ?? "")) + 1;
    assertEquals(s.activities.slice(0, kept), parent.activities.slice(0, kept), at);
    assertEquals(report.frozenLots, prefix.blocks.flat().map((l) => l.id), at);
    const next = s.activities[kept];
    if (next && !report.continuedBlock) assert(next.kind === "CLEAN", at);
    if (report.continuedBlock) continued++;

    const frozen = prefix.blocks.flat();
    const removed = new Set(changes.remove);
    const resized = new Map(changes.setVials.map((c) => [c.lotId, c.vials]));
    const free = parent.plan.flat()
      .filter((l) => !prefix.frozenIds.has(l.id) && !removed.has(l.id))
      .map((l) => resized.has(l.id) ? { ...l, vials: resized.get(l.id)! } : l)
      .concat(changes.add);
    assertEquals(validateSchedule([...frozen, ...free], s.activities, config), [], at);
    assertEquals(
      s.plan.flat().map((l) => l.id).sort(),
      [...frozen, ...free].map((l) => l.id).sort(),
      at,
    );

    const optimum = bruteForceAfterPrefix(free, config, prefix.endH, prefix.open);
    assert(
      s.bound.lowerBoundHours <= optimum + TOL,
      `${at}: bound ${s.bound.lowerBoundHours} > ${optimum}`,
    );
    assert(s.kpis.makespanHours >= optimum - TOL, `${at}: below the optimum`);
    const rem = report.remainder;
    assert(rem.lowerBoundHours <= optimum - prefix.endH + TOL, `${at}: remainder bound too high`);
    assert(Math.abs(rem.makespanHours - (s.kpis.makespanHours - prefix.endH)) < TOL, at);
    if (rem.provenOptimal) assert(Math.abs(s.kpis.makespanHours - optimum) < TOL, at);
    checked++;
  }
  assertEquals(checked, 60);
  assert(continued > 0, "some re-plans continue the open block");
});

Deno.test("replan: a re-plan before anything starts plans everything again; after the end keeps all", async () => {
  const { parent, config } = await parentOf(11, 7);
  const early = await replanSchedule(parent, config, { nowMs: -HOUR_MS, strategy: "opt-pack" });
  assertEquals(early.report.frozenLots, []);
  assert(early.schedule.kpis.makespanHours <= parent.kpis.makespanHours + TOL);
  const late = await replanSchedule(parent, config, {
    nowMs: (parent.kpis.makespanHours + 5) * HOUR_MS,
  });
  assertEquals(late.report.frozenLots.length, parent.kpis.lots);
  assertEquals(late.schedule.activities, parent.activities);
  assert(late.report.remainder.provenOptimal);
});

Deno.test("replan: the non-disruptive option keeps the old order within the allowance and counts moves", async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const { parent, config, r } = await parentOf(seed + 100, 8);
    const nowMs = r() * parent.kpis.makespanHours * 0.5 * HOUR_MS;
    const prefix = frozenPrefix(parent.plan, config, nowMs / HOUR_MS, false);
    const changes = randomChanges(parent, config, new Set(prefix.frozenIds), r);
    const opts = { nowMs, changes, strategy: "opt-pack", boundBudgetMs: 0 };
    const keep = await replanSchedule(parent, config, { ...opts, keepOrderWithinHours: 1e6 });
    assertEquals(keep.report.chosen, "kept-order", `seed ${seed}`);
    // Old lots keep their relative order; only the added lots are new.
    assertEquals(keep.report.moved, [], `seed ${seed}`);
    assert(keep.report.keptOrderMakespanHours !== null);
    assertEquals(keep.schedule.kpis.makespanHours, keep.report.keptOrderMakespanHours);
    const strict = await replanSchedule(parent, config, { ...opts, keepOrderWithinHours: 0 });
    const k = strict.report;
    assertEquals(
      k.chosen,
      k.keptOrderMakespanHours! <= k.optimizedMakespanHours + 1e-9 ? "kept-order" : "optimized",
      `seed ${seed}`,
    );
    assert(strict.schedule.kpis.makespanHours <= k.keptOrderMakespanHours! + TOL);
  }
});

Deno.test("replan: no changes and nothing better keeps the plan; the kept order with no changes is the parent", async () => {
  const { parent, config } = await parentOf(5, 6);
  const mid = parent.activities[Math.floor(parent.activities.length / 2)]!;
  const out = await replanSchedule(parent, config, {
    nowMs: mid.startH * HOUR_MS,
    keepOrderWithinHours: 0.001,
    strategy: "given-order",
  });
  // given-order over the old order is the old plan itself, so the kept order is chosen, unmoved.
  assertEquals(out.report.moved, []);
  assertEquals(out.schedule.activities, parent.activities);
});

Deno.test("replan: changes to frozen or unknown lots are refused, each named with its code", async () => {
  const { parent, config } = await parentOf(3, 6);
  const first = parent.plan[0]![0]!;
  const nowMs = (parent.activities.find((a) => a.lotId === first.id)!.startH + 0.01) * HOUR_MS;
  const err = await rejects(
    replanSchedule(parent, config, {
      nowMs,
      changes: {
        remove: [first.id, "NOPE"],
        setVials: [{ lotId: first.id, vials: 5 }],
        add: [{ id: "BAD", type: "T1", vials: 0 }],
      },
    }),
    (e: unknown) => {
      assert(e instanceof InputError);
      const codes = e.issues.map((i) => `${i.code}:${i.lotId}`);
      assert(codes.includes(`FROZEN_LOT:${first.id}`), codes.join());
      assert(codes.includes("LOT_NOT_IN_PLAN:NOPE"), codes.join());
      assert(codes.includes("VIALS_NOT_POSITIVE:BAD"), codes.join());
      assertEquals(e.issues.filter((i) => i.code === "FROZEN_LOT").length, 2);
      return true;
    },
  );
  assertEquals(err, undefined);
});
