import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import { canonicalRequest } from "../../src/engine/run_request.ts";
import { DEFAULT_CONFIG, type SchedulerConfig } from "../../src/engine/config.ts";
import { Registry, type Strategy } from "../../src/engine/registry.ts";
import { givenOrder, packInOrder } from "../../src/engine/strategies/given_order.ts";
import { TINY } from "./_tiny.ts";

const CFG: SchedulerConfig = { ...DEFAULT_CONFIG, ...TINY, strategy: "given-order" };
const wide: Strategy = {
  name: "wide-pack",
  aliases: ["wide"],
  description: "given order, with a width option",
  kind: "heuristic",
  options: [{ name: "width", type: "integer", default: 2, min: 1, max: 9, description: "x" }],
  run: ({ lots, config }) => ({ plan: packInOrder(lots, config) }),
};
const reg = new Registry([givenOrder, wide]);

Deno.test("canonicalRequest() folds aliases, merges their options and completes them", () => {
  const r = canonicalRequest(
    {
      ...CFG,
      strategy: "wide",
      strategyOptions: { wide: { width: 3 }, "wide_pack": { width: 4 } },
    },
    { registry: reg, strategies: ["given", "wide", "wide-pack"], startMs: 0 },
  );
  assertEquals(r.issues, []);
  assertEquals(r.config.strategy, "wide-pack");
  assertEquals(r.config.strategyOptions, { "wide-pack": { width: 4 } });
  assertEquals(r.runs.map((x) => [x.strategy.name, x.options]), [
    ["given-order", {}],
    ["wide-pack", { width: 4 }],
  ]);
});

Deno.test("canonicalRequest() returns every problem, each led by its field", () => {
  const r = canonicalRequest(
    {
      ...CFG,
      chgDiffHours: 0,
      startTime: "tomorrow",
      strategy: "nope",
      strategyOptions: { ghost: {}, wide: { width: 0, depth: 1 } },
    },
    { registry: reg },
  );
  assertEquals(r.issues.map((i) => i.field), [
    "chgDiffHours",
    "strategy",
    "strategyOptions.ghost",
    "strategyOptions.wide-pack.depth",
    "strategyOptions.wide-pack.width",
    "startTime",
  ]);
  for (const i of r.issues) assertMatch(i.message, new RegExp(`^${i.field}\\b.* must be .*, got `));
  assertMatch(r.issues[2]!.message, /one of given-order \(given, fifo, input-order\), wide-pack/);
  assertMatch(r.issues[3]!.message, /an option of wide-pack \(width\), got "depth"$/);
});

Deno.test("canonicalRequest() starts at the option, then the config, then the next full hour", () => {
  assertEquals(canonicalRequest(CFG, { startMs: 5 }).startMs, 5);
  assertEquals(
    canonicalRequest({ ...CFG, startTime: "2026-01-05 06:00", timeZone: "Europe/Berlin" }).startMs,
    Date.UTC(2026, 0, 5, 5),
  );
  assertEquals(
    canonicalRequest(CFG, { now: () => Date.UTC(2026, 0, 5, 5, 0, 0, 1) }).startMs,
    Date.UTC(2026, 0, 5, 6),
  );
  assertEquals(
    canonicalRequest(CFG, { now: () => Date.UTC(2026, 0, 5, 5) }).startMs,
    Date.UTC(2026, 0, 5, 5),
  );
});

Deno.test("canonicalRequest() judges the strategies asked for, not the configured one", () => {
  const r = canonicalRequest({ ...CFG, strategy: "nope" }, { registry: reg, strategies: ["x"] });
  assertEquals(r.issues.map((i) => i.message), [
    'strategies must be one of given-order (given, fifo, input-order), wide-pack (wide), got "x"',
  ]);
  assertEquals(r.config.strategy, "nope");
});

Deno.test("canonicalRequest() checks the lots when given", () => {
  const r = canonicalRequest(CFG, { lots: [{ id: "a", type: "T", vials: -1 }], startMs: 0 });
  assertEquals(r.issues.length, 1);
  assertMatch(r.issues[0]!.message, /Vials must be a whole number > 0, got -1/);
});
