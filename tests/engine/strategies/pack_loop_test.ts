import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { CancelledError } from "../../../src/engine/errors.ts";
import type { ProgressUpdate } from "../../../src/engine/progress.ts";
import { makePool, packLoop } from "../../../src/engine/strategies/_pack_loop.ts";
import { firstFitPicker } from "../../../src/engine/strategies/_first_fit.ts";
import { registry } from "../../../src/engine/strategies/mod.ts";
import { lots, TINY } from "./_fixtures.ts";

const MANY = lots(...Array.from({ length: 3000 }, (_, i) => `L${i}:T${i % 5}:${1 + (i % 9)}`));
const PACKERS = ["spt-pack", "lpt-pack", "cfs-pack", "smart-pack", "hybrid-pack"];

Deno.test("makePool() numbers types by first appearance and computes fill hours", () => {
  const pool = makePool(lots("a:Y:3", "b:X:2", "c:Y:1"), { ...TINY, fillRateVph: 2 });
  assertEquals([...pool.type], [0, 1, 0]);
  assertEquals(pool.typeNames, ["Y", "X"]);
  assertEquals([...pool.fill], [1.5, 1, 0.5]);
});

Deno.test("packLoop() reports constructing progress up to 100 % and places every lot", () => {
  const updates: ProgressUpdate[] = [];
  const pool = makePool(MANY, TINY);
  const plan = packLoop(pool, firstFitPicker(pool, TINY), TINY, {
    onProgress: (u) => updates.push(u),
  }, "test");
  assertEquals(plan.flat().length, MANY.length);
  assert(updates.length >= 2);
  assert(updates.every((u) => u.phase === "constructing"));
  assertEquals(updates[0]!.percent, 0);
  assertEquals(updates.at(-1)!.percent, 100);
  assertEquals(updates.at(-1)!.message, "test: 3000 of 3000 lots placed");
});

Deno.test("every packing heuristic throws CancelledError when its signal is aborted", async () => {
  for (const name of PACKERS) {
    const s = registry.resolve(name);
    const ctl = new AbortController();
    ctl.abort();
    await rejects(
      async () => await s.run({ lots: MANY, config: TINY, options: {}, signal: ctl.signal }),
      CancelledError,
      name,
    );
  }
});

Deno.test("a heuristic aborted mid-run stops with CancelledError", async () => {
  // A signal that turns aborted on its third read: the loop reads it every few hundred picks,
  // so the abort lands mid-run whatever the machine's speed (progress timing played no part).
  let reads = 0;
  const signal = {
    get aborted() {
      return ++reads > 2;
    },
  } as AbortSignal;
  await rejects(
    async () =>
      await registry.resolve("smart").run({ lots: MANY, config: TINY, options: {}, signal }),
    CancelledError,
  );
  assert(reads === 3, `the signal was read ${reads} times`);
});

Deno.test("packLoop() refuses a lot longer than an empty window instead of looping", () => {
  const bad = lots("a:A:11");
  const pool = makePool(bad, TINY);
  let err: unknown;
  try {
    packLoop(pool, firstFitPicker(pool, TINY), TINY, {}, "spt-pack");
  } catch (e) {
    err = e;
  }
  assert(err instanceof Error && /no lot fits an empty window/.test(err.message));
});

Deno.test("every packing heuristic plans an empty pool as no blocks", async () => {
  for (const name of PACKERS) {
    const { plan } = await registry.resolve(name).run({ lots: [], config: TINY, options: {} });
    assertEquals(plan, [], name);
  }
});
