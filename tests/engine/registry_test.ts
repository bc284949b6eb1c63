import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
  throws as assertThrows,
} from "node:assert/strict";
import {
  normalizeName,
  Registry,
  resolveOptions,
  type Strategy,
} from "../../src/engine/registry.ts";
import { UnknownStrategyError } from "../../src/engine/errors.ts";
import { packInOrder } from "../../src/engine/strategies/given_order.ts";

const base = {
  description: "test strategy",
  kind: "heuristic" as const,
  run: ({ lots, config }: Parameters<Strategy["run"]>[0]) => ({ plan: packInOrder(lots, config) }),
};
const alpha: Strategy = {
  ...base,
  name: "alpha-pack",
  aliases: ["alpha", "a1"],
  options: [
    { name: "width", type: "integer", default: 3, min: 1, max: 9, description: "beam" },
    { name: "weight", type: "number", default: 0.5, min: 0, description: "w" },
    { name: "fast", type: "boolean", default: false, description: "f" },
    { name: "mode", type: "enum", default: "x", values: ["x", "y"], description: "m" },
  ],
};
const beta: Strategy = { ...base, name: "beta", aliases: [], options: [] };

Deno.test("normalizeName() lowercases, trims and reads _ and spaces as -", () => {
  assertEquals(normalizeName("  Smart_Pack "), "smart-pack");
  assertEquals(normalizeName("given  order"), "given-order");
});

Deno.test("Registry resolves names and aliases in any spelling", () => {
  const r = new Registry([alpha, beta]);
  assertEquals(r.resolve("ALPHA_PACK"), alpha);
  assertEquals(r.resolve("a1"), alpha);
  assertEquals(r.resolve(" beta "), beta);
  assert(r.has("Alpha"));
  assert(!r.has("gamma"));
  assertEquals(r.list(), [alpha, beta]);
  assertEquals(r.names(), ["alpha-pack (alpha, a1)", "beta"]);
});

Deno.test("Registry rejects unknown names listing the valid ones, and double registration", () => {
  const r = new Registry([alpha, beta]);
  assertThrows(() => r.resolve("gamma"), (e: unknown) => {
    assert(e instanceof UnknownStrategyError);
    assertEquals(e.field, "strategy");
    assertMatch(e.message, /strategy must be one of alpha-pack \(alpha, a1\), beta, got "gamma"/);
    return true;
  });
  assertThrows(() => new Registry([alpha, { ...beta, aliases: ["Alpha"] }]), /registered twice/);
});

Deno.test("resolveOptions() fills defaults and checks every option, naming its field", () => {
  assertEquals(resolveOptions(alpha), {
    options: { width: 3, weight: 0.5, fast: false, mode: "x" },
    errors: [],
  });
  assertEquals(resolveOptions(alpha, { width: 5, mode: "y" }).options.width, 5);
  const { errors } = resolveOptions(alpha, {
    width: 2.5,
    weight: -1,
    fast: "yes",
    mode: "z",
    color: 1,
  });
  const fields = errors.map((e) => e.field);
  assertEquals(fields.sort(), [
    "strategyOptions.alpha-pack.color",
    "strategyOptions.alpha-pack.fast",
    "strategyOptions.alpha-pack.mode",
    "strategyOptions.alpha-pack.weight",
    "strategyOptions.alpha-pack.width",
  ]);
  for (const e of errors) assert(e.message.startsWith(e.field!), e.message);
  assertMatch(
    errors.find((e) => e.field!.endsWith("color"))!.message,
    /must be an option of alpha-pack \(width, weight, fast, mode\), got "color"/,
  );
  const tooBig = resolveOptions(alpha, { width: 10, weight: "1" }).errors.map((e) => e.message);
  assertMatch(tooBig[0]!, /width must be <= 9, got 10/);
  assertMatch(tooBig[1]!, /weight must be a number/);
  assertMatch(resolveOptions(alpha, { width: 0 }).errors[0]!.message, /must be >= 1/);
  assertMatch(
    resolveOptions(beta, { x: 1 }).errors[0]!.message,
    /must be an option of beta \(none\), got "x"/,
  );
});
