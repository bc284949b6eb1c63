/** Configuration layers from a JSON/YAML file, FILLSCHED_* variables and flags; merged flag > env > file > default. */
import { LineCounter, parseDocument } from "yaml";
import {
  type CalendarEntry,
  CONFIG_KEYS,
  type ConfigKey,
  type ConfigSource,
  type Issue,
  mergeConfig,
  parseCalendarCsv,
  parseConfigLayer,
  type SchedulerConfig,
} from "../engine/mod.ts";
import { CONFIG_KEY_SPECS } from "./config_keys.ts";

/** Values of one layer that passed their checks, and every problem (labelled with where it came from). */
export interface LayerResult {
  readonly values: Record<string, unknown>;
  readonly errors: Issue[];
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const byLowerKey = new Map(CONFIG_KEYS.map((k) => [k.toLowerCase(), k]));

/** A key as written in a file (`fill_rate_vph`, `fill-rate-vph`) → its config key, else unchanged. */
export function canonicalKey(key: string): string {
  return byLowerKey.get(key.replace(/[_\-\s]/g, "").toLowerCase()) ?? key;
}

/** Checks one value for `key`; returns the value or the problems, each message led by `label`. */
function checkValue(key: ConfigKey, value: unknown, label: string, line?: number): Issue[] {
  const { errors } = parseConfigLayer({ [key]: value });
  return errors.map((e) => ({
    ...e,
    ...(line !== undefined ? { line } : {}),
    message: `${label}: ${e.message}`,
  }));
}

/** Reads a config file's text (YAML, or JSON which YAML reads too). `name` labels every message. */
export function parseConfigText(text: string, name: string): LayerResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length) {
    return {
      values: {},
      errors: doc.errors.map((e) => {
        const line = lineOf(e.pos[0]);
        const first = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
        return {
          code: "CONFIG_SYNTAX",
          line,
          field: "file",
          message: `${name} line ${line}: ${first}`,
        };
      }),
    };
  }
  let raw: unknown;
  try {
    // The yaml package refuses alias bombs (an anchor expanded millions of times) by throwing.
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return {
      values: {},
      errors: [{
        code: "CONFIG_SYNTAX",
        field: "file",
        message: `${name}: cannot read the file: ${(e as Error).message}`,
      }],
    };
  }
  if (raw === null || raw === undefined) return { values: {}, errors: [] };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return {
      values: {},
      errors: [{
        code: "NOT_A_MAPPING",
        field: "file",
        message: `${name}: expected a mapping of config keys to values`,
      }],
    };
  }
  const values: Record<string, unknown> = {};
  const errors: Issue[] = [];
  for (const [written, value] of Object.entries(raw as Record<string, unknown>)) {
    const key = canonicalKey(written);
    const node = doc.getIn([written], true) as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineOf(node.range[0]) : undefined;
    const at = line !== undefined ? `${name} line ${line}` : name;
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      errors.push({
        code: "UNKNOWN_KEY",
        field: written,
        ...(line !== undefined ? { line } : {}),
        message: `${at}: unknown config field ${written}; fields: ${CONFIG_KEYS.join(", ")}`,
      });
      continue;
    }
    const e = checkValue(key as ConfigKey, value, at, line);
    if (e.length) errors.push(...e);
    else values[key] = value;
  }
  return { values, errors };
}

/** A file's text, or the FILE_UNREADABLE issue naming it as `what` and `field`. */
async function readTextOr(path: string, what: string, field: string): Promise<string | Issue> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "no such file" : (e as Error).message;
    return { code: "FILE_UNREADABLE", field, message: `cannot read ${what} ${path}: ${why}` };
  }
}

/** Reads a file layer from disk; a missing or unreadable file is an error naming it. */
export async function readConfigFile(path: string): Promise<LayerResult> {
  const text = await readTextOr(path, "config", "file");
  return typeof text === "string" ? parseConfigText(text, path) : { values: {}, errors: [text] };
}

/** Turns one text value into the kind its key wants; `label` names the variable or flag. */
function fromText(
  spec: (typeof CONFIG_KEY_SPECS)[number],
  text: string,
  label: string,
): { value?: unknown; errors: Issue[] } {
  const s = text.trim();
  if (spec.kind === "number") {
    if (!NUMBER.test(s)) {
      return {
        errors: [{
          code: "INVALID_TYPE",
          field: spec.key,
          message: `${label} must be a number, got ${JSON.stringify(text)}`,
        }],
      };
    }
    const errors = checkValue(spec.key, Number(s), label);
    return errors.length ? { errors } : { value: Number(s), errors };
  }
  let value: unknown = s;
  if (spec.kind === "json" || spec.kind === "calendar") {
    try {
      value = JSON.parse(s);
    } catch (e) {
      return {
        errors: [{
          code: "INVALID_FORMAT",
          field: spec.key,
          message: `${label} must be JSON: ${(e as Error).message}`,
        }],
      };
    }
  }
  const errors = checkValue(spec.key, value, label);
  return errors.length ? { errors } : { value, errors };
}

/** The layer from FILLSCHED_* variables; only the line-config keys are read, empty ones are unset. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): LayerResult {
  const values: Record<string, unknown> = {};
  const errors: Issue[] = [];
  for (const spec of CONFIG_KEY_SPECS) {
    const text = env[spec.env];
    if (text === undefined || text.trim() === "") continue;
    const r = fromText(spec, text, spec.env);
    errors.push(...r.errors);
    if (!r.errors.length) values[spec.key] = r.value;
  }
  return { values, errors };
}

/** A `--option` value: true/false, a number, or text. */
function optionValue(text: string): unknown {
  const s = text.trim();
  if (s === "true" || s === "false") return s === "true";
  if (NUMBER.test(s)) return Number(s);
  return s;
}

/** Flag values by flag name (without `--`), as parseArgs gives them. */
export type ConfigFlags = Readonly<Record<string, string | string[] | boolean | undefined>>;

/** The layer from CLI flags (`--fill-rate-vph 20000`, `--option smart-pack.beamWidth=5`, ...). */
export function configFromFlags(flags: ConfigFlags): LayerResult {
  const values: Record<string, unknown> = {};
  const errors: Issue[] = [];
  for (const spec of CONFIG_KEY_SPECS) {
    const raw = flags[spec.flag];
    if (raw === undefined || typeof raw === "boolean" || (Array.isArray(raw) && !raw.length)) {
      continue;
    }
    const label = `--${spec.flag}`;
    // A file to read: loadConfig reads it (this function does no I/O).
    if (spec.kind === "calendar") continue;
    if (spec.kind === "json") {
      const opts: Record<string, Record<string, unknown>> = {};
      for (const item of Array.isArray(raw) ? raw : [raw]) {
        const m = /^([^.=]+)\.([^=]+)=(.*)$/s.exec(item);
        if (!m) {
          errors.push({
            code: "INVALID_FORMAT",
            field: spec.key,
            message: `${label} must look like strategy.option=value, got ${JSON.stringify(item)}`,
          });
          continue;
        }
        const [, strategy, key, value] = m as unknown as [string, string, string, string];
        (opts[strategy.trim()] ??= {})[key.trim()] = optionValue(value);
      }
      if (Object.keys(opts).length) values[spec.key] = opts;
      continue;
    }
    const text = Array.isArray(raw) ? raw.at(-1) : raw;
    if (text === undefined) continue;
    const r = fromText(spec, text, label);
    errors.push(...r.errors);
    if (!r.errors.length) values[spec.key] = r.value;
  }
  return { values, errors };
}

/** A calendar CSV from disk (`--calendar FILE`); every problem names the file and its line. */
export async function readCalendarFile(
  path: string,
): Promise<{ entries: CalendarEntry[]; errors: Issue[] }> {
  const text = await readTextOr(path, "calendar", "calendar");
  if (typeof text !== "string") return { entries: [], errors: [text] };
  const { entries, issues } = parseCalendarCsv(text);
  return { entries, errors: issues.map((i) => ({ ...i, message: `${path} ${i.message}` })) };
}

/** The effective configuration with the source of every value and every problem found. */
export interface LoadedConfig {
  readonly config: SchedulerConfig;
  readonly sources: Record<ConfigKey, ConfigSource>;
  readonly errors: Issue[];
  /** The config file read, if any. */
  readonly file: string | null;
}

/** Loads the layers (file from `configPath`, then env, then flags) and merges them over the defaults. */
export async function loadConfig(inputs: {
  readonly configPath?: string | undefined;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly flags?: ConfigFlags;
}): Promise<LoadedConfig> {
  const file = inputs.configPath ? await readConfigFile(inputs.configPath) : null;
  const env = configFromEnv(inputs.env ?? Deno.env.toObject());
  const flags = configFromFlags(inputs.flags ?? {});
  const calendarPath = inputs.flags?.calendar;
  if (typeof calendarPath === "string") {
    const calendar = await readCalendarFile(calendarPath);
    flags.errors.push(...calendar.errors);
    if (!calendar.errors.length) flags.values.calendar = calendar.entries;
  }
  const layers: { source: ConfigSource; values: unknown }[] = [
    ...(file ? [{ source: "file" as const, values: file.values }] : []),
    { source: "env", values: env.values },
    { source: "flag", values: flags.values },
  ];
  const merged = mergeConfig(layers);
  return {
    config: merged.config,
    sources: merged.sources,
    errors: [...(file?.errors ?? []), ...env.errors, ...flags.errors, ...merged.errors],
    file: inputs.configPath ?? null,
  };
}
