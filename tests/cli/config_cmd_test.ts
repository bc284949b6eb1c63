import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { configCommand, configTemplateYaml } from "../../src/cli/config_cmd.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { EXIT } from "../../src/cli/command.ts";
import { DEFAULT_CONFIG } from "../../src/engine/config.ts";
import { loadConfig } from "../../src/cli/load_config.ts";
import { inTempDir } from "./_fixtures.ts";

Deno.test("config show prints every value with its source", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/c.yaml`, "cleanHours: 20\nwindowHours: 100\n");
    const io = memoryIo({ FILLSCHED_WINDOW_HOURS: "90", FILLSCHED_FILL_RATE_VPH: "10000" });
    const code = await configCommand(
      ["show", "--config", `${dir}/c.yaml`, "--fill-rate-vph", "12000"],
      io,
    );
    assertEquals(code, EXIT.ok, io.stderr);
    assertMatch(io.stdout, /fillRateVph +12000 +\(flag\)/);
    assertMatch(io.stdout, /windowHours +90 +\(env\)/);
    assertMatch(io.stdout, new RegExp(`cleanHours +20 +\\(file ${dir}/c\\.yaml\\)`));
    assertMatch(io.stdout, /chgSameHours +4 +\(default\)/);
    assertMatch(io.stdout, /startTime +\(unset\) +\(default\)/);
    const json = memoryIo();
    assertEquals(await configCommand(["show", "--json"], json), EXIT.ok);
    const doc = JSON.parse(json.stdout);
    assertEquals(doc.config, { ...DEFAULT_CONFIG });
    assertEquals(doc.sources.strategy, "default");
  });
});

Deno.test("config init writes a loadable commented template and refuses to overwrite", async () => {
  await inTempDir(async (dir) => {
    const path = `${dir}/f.yaml`;
    const io = memoryIo();
    assertEquals(await configCommand(["init", "--out", path], io), EXIT.ok);
    const text = await Deno.readTextFile(path);
    assertEquals(text, configTemplateYaml());
    assertMatch(text, /# vials filled per hour.*FILLSCHED_FILL_RATE_VPH/);
    const loaded = await loadConfig({ configPath: path, env: {} });
    assertEquals(loaded.errors, []);
    assertEquals(loaded.config, { ...DEFAULT_CONFIG });
    assertEquals(parseYaml(text).windowHours, 120);
    await Deno.writeTextFile(path, "mine");
    const again = memoryIo();
    assertEquals(await configCommand(["init", "--out", path], again), EXIT.invalid);
    assertMatch(again.stderr, /exists; use --force/);
    assertEquals(await Deno.readTextFile(path), "mine");
    assertEquals(await configCommand(["init", "--out", path, "--force"], memoryIo()), EXIT.ok);
    assert((await Deno.readTextFile(path)).startsWith("# fillscheduler"));
    const jsonPath = `${dir}/f.json`;
    assertEquals(await configCommand(["init", "--out", jsonPath], memoryIo()), EXIT.ok);
    const fromJson = await loadConfig({ configPath: jsonPath, env: {} });
    assertEquals(fromJson.errors, []);
    assertEquals(fromJson.sources.fillRateVph, "file");
  });
});

Deno.test("config validate lists every error with its field", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/bad.yaml`, "fill_rate_vph: -1\nchgDiffHours: 2\nbogus: 1\n");
    const io = memoryIo({ FILLSCHED_TIME_ZONE: "Mars/Olympus" });
    const code = await configCommand(
      ["validate", "--config", `${dir}/bad.yaml`, "--strategy", "nope", "--start", "later"],
      io,
    );
    assertEquals(code, EXIT.invalid);
    const fields = [...io.stderr.matchAll(/^error: \[([^\]]+)\]/gm)].map((m) => m[1]);
    assertEquals(fields.sort(), [
      "bogus",
      "chgDiffHours",
      "fillRateVph",
      "startTime",
      "strategy",
      "timeZone",
    ]);
    assertMatch(io.stderr, /bad\.yaml line 1: fillRateVph must be > 0/);
    assertMatch(io.stderr, /FILLSCHED_TIME_ZONE: timeZone must be an IANA time zone/);
    const ok = memoryIo();
    assertEquals(await configCommand(["validate"], ok), EXIT.ok);
    assertMatch(ok.stdout, /configuration is valid/);
    const show = memoryIo({ FILLSCHED_CLEAN_HOURS: "x" });
    assertEquals(await configCommand(["show"], show), EXIT.invalid);
    assertMatch(show.stderr, /FILLSCHED_CLEAN_HOURS must be a number/);
  });
});

Deno.test("config: missing or unknown subcommands are usage errors", async () => {
  const io = memoryIo();
  assertEquals(await configCommand([], io), EXIT.usage);
  assertMatch(io.stderr, /missing subcommand/);
  const unk = memoryIo();
  assertEquals(await configCommand(["explode"], unk), EXIT.usage);
  assertMatch(unk.stderr, /unknown subcommand "explode"/);
  assertEquals(await configCommand(["show", "extra"], memoryIo()), EXIT.usage);
  const help = memoryIo();
  assertEquals(await configCommand(["--help"], help), EXIT.ok);
  assertMatch(help.stdout, /show +print every effective value/);
});
