import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import {
  canonicalKey,
  configFromEnv,
  configFromFlags,
  loadConfig,
  parseConfigText,
} from "../../src/cli/load_config.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { loadCheckedConfig } from "../../src/cli/effective_config.ts";
import { registry } from "../../src/engine/strategies/mod.ts";

async function withFile(name: string, text: string, fn: (path: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/${name}`;
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadConfig() takes flag > env > file > default and names each source", async () => {
  const yaml = "fillRateVph: 10000\ncleanHours: 20\nwindowHours: 100\ntimeZone: Europe/Berlin\n";
  await withFile("c.yaml", yaml, async (path) => {
    const r = await loadConfig({
      configPath: path,
      env: { FILLSCHED_CLEAN_HOURS: "16", FILLSCHED_WINDOW_HOURS: "90", FILLSCHED_PORT: "x" },
      flags: { "window-hours": "80", option: ["smart.beamWidth=5", "smart-pack.lookahead=false"] },
    });
    assertEquals(r.errors, []);
    assertEquals(r.file, path);
    assertEquals(r.config.fillRateVph, 10000);
    assertEquals(r.config.cleanHours, 16);
    assertEquals(r.config.windowHours, 80);
    assertEquals(r.config.timeZone, "Europe/Berlin");
    assertEquals(r.config.chgSameHours, DEFAULT_CONFIG.chgSameHours);
    assertEquals(r.config.strategyOptions, {
      smart: { beamWidth: 5 },
      "smart-pack": { lookahead: false },
    });
    assertEquals(r.sources.fillRateVph, "file");
    assertEquals(r.sources.cleanHours, "env");
    assertEquals(r.sources.windowHours, "flag");
    assertEquals(r.sources.chgSameHours, "default");
    assertEquals(r.sources.strategyOptions, "flag");
  });
});

Deno.test("loadConfig() reads JSON files and snake_case keys", async () => {
  await withFile("c.json", '{"chg_same_hours": 2, "chg-diff-hours": 3}', async (path) => {
    const r = await loadConfig({ configPath: path, env: {} });
    assertEquals(r.errors, []);
    assertEquals([r.config.chgSameHours, r.config.chgDiffHours], [2, 3]);
  });
  assertEquals(canonicalKey("Fill_Rate_VPH"), "fillRateVph");
  assertEquals(canonicalKey("nope"), "nope");
});

Deno.test("loadCheckedConfig() reports a missing file and cross-field errors", async () => {
  const r = await loadCheckedConfig(
    { config: "/nonexistent/fillsched.yaml", "chg-diff-hours": "1" },
    {},
    registry,
  );
  assertEquals(r.errors.map((e) => e.field), ["file", "chgDiffHours"]);
  assertMatch(
    r.errors[0]!.message,
    /cannot read config \/nonexistent\/fillsched.yaml: no such file/,
  );
  assertMatch(r.errors[1]!.message, /chgDiffHours must be >= chgSameHours \(4\), got 1/);
});

Deno.test("parseConfigText() names the file and line of every problem", () => {
  const r = parseConfigText(
    "fillRateVph: 100\ncleanHours: -1\nfoo: 2\nwindow_hours: abc\ntimeZone: Mars/X\n",
    "c.yaml",
  );
  assertEquals(r.values, { fillRateVph: 100 });
  assertEquals(r.errors.map((e) => [e.line, e.field]), [
    [2, "cleanHours"],
    [3, "foo"],
    [4, "windowHours"],
    [5, "timeZone"],
  ]);
  assertMatch(r.errors[0]!.message, /^c\.yaml line 2: cleanHours must be > 0, got -1$/);
  assertMatch(r.errors[1]!.message, /unknown config field foo/);
  const syntax = parseConfigText('{\n "fillRateVph": 100,\n "x": [1,\n}', "c.json");
  assertEquals(syntax.values, {});
  assertMatch(syntax.errors[0]!.message, /^c\.json line \d:/);
  assertEquals(syntax.errors[0]!.field, "file");
  assertMatch(parseConfigText("a: 1\na: 2", "d.yaml").errors[0]!.message, /d\.yaml line 2/);
  assertMatch(parseConfigText("- 1", "e.yaml").errors[0]!.message, /expected a mapping/);
  assertEquals(parseConfigText("", "empty.yaml"), { values: {}, errors: [] });
});

Deno.test("configFromEnv() parses numbers, names the variable, ignores other variables", () => {
  const r = configFromEnv({
    FILLSCHED_FILL_RATE_VPH: "abc",
    FILLSCHED_CLEAN_HOURS: "0",
    FILLSCHED_WINDOW_HOURS: " 100 ",
    FILLSCHED_CHG_SAME_HOURS: "",
    FILLSCHED_START_TIME: "2026-01-05 06:00",
    FILLSCHED_STRATEGY_OPTIONS: "{bad",
    FILLSCHED_PORT: "abc",
    FILLSCHED_DB_URL: "file:x.db",
    FILLSCHED_JWT_SECRET: "s",
  });
  assertEquals(r.values, { windowHours: 100, startTime: "2026-01-05 06:00" });
  assertEquals(r.errors.map((e) => e.field), ["fillRateVph", "cleanHours", "strategyOptions"]);
  assertMatch(r.errors[0]!.message, /^FILLSCHED_FILL_RATE_VPH must be a number, got "abc"$/);
  assertMatch(r.errors[1]!.message, /^FILLSCHED_CLEAN_HOURS: cleanHours must be > 0, got 0$/);
  assertMatch(r.errors[2]!.message, /^FILLSCHED_STRATEGY_OPTIONS must be JSON/);
  const ok = configFromEnv({ FILLSCHED_STRATEGY_OPTIONS: '{"smart-pack":{"beamWidth":4}}' });
  assertEquals(ok.values, { strategyOptions: { "smart-pack": { beamWidth: 4 } } });
});

Deno.test("configFromFlags() reads values, the last of repeats, and strategy options", () => {
  const r = configFromFlags({
    "fill-rate-vph": "1e4",
    "clean-hours": "x",
    strategy: "spt",
    option: ["smart.beam=3", "smart.mode=fast", "smart.on=true", "bad"],
    help: true,
  });
  assertEquals(r.values, {
    fillRateVph: 10000,
    strategy: "spt",
    strategyOptions: { smart: { beam: 3, mode: "fast", on: true } },
  });
  assertEquals(r.errors.map((e) => e.field), ["cleanHours", "strategyOptions"]);
  assertMatch(r.errors[0]!.message, /^--clean-hours must be a number, got "x"$/);
  assertMatch(r.errors[1]!.message, /--option must look like strategy.option=value, got "bad"/);
});
