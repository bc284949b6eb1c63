/** Fuzzing the config loader: file text (YAML/JSON), FILLSCHED_* variables and flags. */
import { ok as assert } from "node:assert/strict";
import fc from "fast-check";
import {
  configFromEnv,
  configFromFlags,
  loadConfig,
  parseConfigText,
} from "../../src/cli/load_config.ts";
import { CONFIG_KEY_SPECS } from "../../src/cli/config_keys.ts";
import { type Issue, ISSUE_CODES, mergeConfig } from "../../src/engine/mod.ts";
import {
  deep,
  fuzzRuns,
  hostileNumber,
  hostileString,
  hostileValue,
  PROTO_KEYS,
} from "./_hostile.ts";

const KEYS = [
  "fillRateVph",
  "fill_rate_vph",
  "cleanHours",
  "windowHours",
  "chgSameHours",
  "chg-diff-hours",
  "timeZone",
  "startTime",
  "strategy",
  "strategyOptions",
  ...PROTO_KEYS,
];

function checkIssues(issues: readonly Issue[]): void {
  for (const i of issues) {
    assert(i.code !== undefined && i.code in ISSUE_CODES, `no stable code: ${JSON.stringify(i)}`);
    assert(i.field !== undefined || i.line !== undefined, `not located: ${JSON.stringify(i)}`);
  }
}

/** Config-file text: YAML mappings of known and hostile keys, JSON, anchors, junk. */
const fileText = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), hostileString), hostileValue, { maxKeys: 6 })
    .map((o) => JSON.stringify(o) ?? "null"),
  fc.array(
    fc.tuple(fc.constantFrom(...KEYS), fc.oneof(hostileString, hostileNumber.map(String))),
    { maxLength: 8 },
  ).map((kv) => kv.map(([k, v]) => `${k}: ${v}`).join("\n")),
  hostileString,
  fc.integer({ min: 50, max: 3000 }).map((d) => JSON.stringify(deep(d))),
  fc.constant(
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n" +
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n" +
      "e: [*d, *d, *d, *d, *d, *d, *d, *d]\n",
  ),
  fc.constant('{"__proto__": {"polluted": 1}, "fillRateVph": 100}'),
);

Deno.test("fuzz: config file text never throws; every error is coded and located; no pollution", () => {
  fc.assert(
    fc.property(fileText, (text) => {
      const { values, errors } = parseConfigText(text, "cfg.yaml");
      checkIssues(errors);
      // What passed the checks merges without new surprises.
      const merged = mergeConfig([{ source: "file", values }]);
      checkIssues(merged.errors);
      assert(!("polluted" in ({} as Record<string, unknown>)), "Object.prototype polluted");
    }),
    { numRuns: fuzzRuns(300) },
  );
});

Deno.test("fuzz: FILLSCHED_* variables and flags never throw; every error is coded and named", async () => {
  const envArb = fc.dictionary(
    fc.oneof(fc.constantFrom(...CONFIG_KEY_SPECS.map((s) => s.env)), hostileString),
    hostileString,
    { maxKeys: 6 },
  );
  const flagArb = fc.dictionary(
    fc.oneof(fc.constantFrom(...CONFIG_KEY_SPECS.map((s) => s.flag)), hostileString),
    fc.oneof(
      hostileString,
      fc.array(hostileString, { maxLength: 3 }),
      fc.boolean(),
      fc.constant(undefined),
      fc.tuple(hostileString, hostileString, hostileString).map(([s, k, v]) => `${s}.${k}=${v}`),
    ),
    { maxKeys: 6 },
  );
  await fc.assert(
    fc.asyncProperty(envArb, flagArb, async (env, flags) => {
      const e = configFromEnv(env);
      const f = configFromFlags(flags);
      checkIssues([...e.errors, ...f.errors]);
      const loaded = await loadConfig({ env, flags });
      checkIssues(loaded.errors);
    }),
    { numRuns: fuzzRuns(300) },
  );
});
