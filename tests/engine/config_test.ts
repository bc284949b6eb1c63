import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import {
  checkConfig,
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  lineOf,
  mergeConfig,
  parseConfigLayer,
} from "../../src/engine/config.ts";

Deno.test("DEFAULT_CONFIG holds domain.md's constants and is frozen", () => {
  assertEquals(lineOf(DEFAULT_CONFIG), {
    fillRateVph: 19920,
    cleanHours: 24,
    windowHours: 120,
    chgSameHours: 4,
    chgDiffHours: 8,
  });
  assertEquals(Object.isFrozen(DEFAULT_CONFIG), true);
  assertEquals(Object.keys(DEFAULT_CONFIG).sort(), [...CONFIG_KEYS].sort());
});

Deno.test("parseConfigLayer() names the field of every bad value", () => {
  const { layer, errors } = parseConfigLayer({
    fillRateVph: 0,
    cleanHours: -1,
    windowHours: "120",
    chgSameHours: -0.5,
    chgDiffHours: Infinity,
    timeZone: "Nowhere/City",
    strategy: "",
    extra: 1,
  });
  assertEquals(layer, {});
  const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
  assertMatch(byField.fillRateVph!, /fillRateVph must be > 0/);
  assertMatch(byField.cleanHours!, /cleanHours must be > 0/);
  assertMatch(byField.windowHours!, /windowHours must be a number/);
  assertMatch(byField.chgSameHours!, /chgSameHours must be >= 0/);
  assertMatch(byField.chgDiffHours!, /chgDiffHours/);
  assertMatch(byField.timeZone!, /IANA time zone/);
  assertMatch(byField.strategy!, /strategy must be not empty, got ""/);
  assertMatch(byField.extra!, /unknown config field: extra/);
  assertEquals(parseConfigLayer({ cleanHours: 12 }), { layer: { cleanHours: 12 }, errors: [] });
});

Deno.test("checkConfig() wants chgDiffHours >= chgSameHours", () => {
  assertEquals(checkConfig(DEFAULT_CONFIG), []);
  const e = checkConfig({ ...DEFAULT_CONFIG, chgDiffHours: 3 });
  assertEquals(e.map((i) => i.field), ["chgDiffHours"]);
  assertMatch(e[0]!.message, /chgDiffHours must be >= chgSameHours \(4\), got 3/);
});

Deno.test("mergeConfig() lets later layers win and records every value's source", () => {
  const { config, sources, errors } = mergeConfig([
    {
      source: "file",
      values: { cleanHours: 20, windowHours: 100, strategyOptions: { a: { x: 1, y: 2 } } },
    },
    { source: "env", values: { windowHours: 90, strategyOptions: { a: { y: 3 }, b: { z: 1 } } } },
    { source: "flag", values: { windowHours: 80 } },
    { source: "user", values: undefined },
  ]);
  assertEquals(errors, []);
  assertEquals([config.cleanHours, config.windowHours, config.fillRateVph], [20, 80, 19920]);
  assertEquals(config.strategyOptions, { a: { x: 1, y: 3 }, b: { z: 1 } });
  assertEquals(sources.cleanHours, "file");
  assertEquals(sources.windowHours, "flag");
  assertEquals(sources.strategyOptions, "env");
  assertEquals(sources.fillRateVph, "default");
  assertEquals(DEFAULT_CONFIG.strategyOptions, {});
});

Deno.test("mergeConfig() prefixes each error with its layer", () => {
  const { config, errors } = mergeConfig([
    { source: "file", values: { cleanHours: -2, chgSameHours: 10 } },
    { source: "flag", values: { fillRateVph: "x" } },
  ]);
  assertEquals(errors.map((e) => e.message), [
    "file: cleanHours must be > 0, got -2",
    'flag: fillRateVph must be a number, got "x"',
  ]);
  // A layer with any bad value is dropped whole, so chgSameHours stays at its default.
  assertEquals(config.chgSameHours, 4);
  // Rules across fields are judged with the whole request (canonicalRequest), once.
  assertEquals(mergeConfig([{ source: "request", values: { chgSameHours: 10 } }]).errors, []);
});
