/** Scheduler configuration: defaults, the zod schema with range checks, and layer merging. */
import { z } from "zod";
import { codeOfZodIssue } from "./issue_codes.ts";
import type { Issue, LineConfig, Objective } from "./model.ts";
import { mustBe } from "./errors.ts";
import { type CalendarEntry, calendarIssues } from "./calendar.ts";

/** The objectives a run can optimize, in the order the help lists them. */
export const OBJECTIVES = [
  "makespan",
  "makespan-then-tardiness",
  "tardiness",
] as const satisfies readonly Objective[];

/** The effective configuration of one run. */
export interface SchedulerConfig extends LineConfig {
  /** IANA time zone used to read naive start times and to print instants. */
  readonly timeZone: string;
  /** ISO 8601 instant or naive `YYYY-MM-DD HH:MM`; null = the caller chooses (e.g. the next full hour). */
  readonly startTime: string | null;
  /** Default strategy name (any alias). */
  readonly strategy: string;
  /** Options per strategy name, e.g. `{ "smart-pack": { beamWidth: 3 } }`. */
  readonly strategyOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** When the line cannot run (maintenance, holidays), instants in `timeZone`. */
  readonly calendar: readonly CalendarEntry[];
  /** What to optimize; tardiness objectives need due dates on the lots. */
  readonly objective: Objective;
  /** For the `tardiness` objective: how far (percent) the makespan may exceed the best found. */
  readonly makespanTolerancePct: number;
}

/** The defaults: the line's usual constants, and opt-pack, which searches for the best plan. */
export const DEFAULT_CONFIG: SchedulerConfig = Object.freeze({
  fillRateVph: 19_920,
  cleanHours: 24,
  windowHours: 120,
  chgSameHours: 4,
  chgDiffHours: 8,
  timeZone: "UTC",
  startTime: null,
  strategy: "opt-pack",
  strategyOptions: {},
  calendar: [],
  objective: "makespan",
  makespanTolerancePct: 5,
});

/** Keys of SchedulerConfig, in display order. */
export const CONFIG_KEYS = [
  "fillRateVph",
  "cleanHours",
  "windowHours",
  "chgSameHours",
  "chgDiffHours",
  "timeZone",
  "startTime",
  "strategy",
  "strategyOptions",
  "calendar",
  "objective",
  "makespanTolerancePct",
] as const satisfies readonly (keyof SchedulerConfig)[];

export type ConfigKey = typeof CONFIG_KEYS[number];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A zod error map in the one message style, naming `field` and the value given. */
const must = (field: string, valid: string) => ({
  error: (iss: { input?: unknown }) => mustBe(field, valid, iss.input).message,
});

const finite = (field: string) => z.number(must(field, "a number")).finite(must(field, "finite"));

/** Schema of a (partial) configuration layer; every message names its field. */
export const configLayerSchema = z.strictObject({
  fillRateVph: finite("fillRateVph").gt(0, must("fillRateVph", "> 0")),
  cleanHours: finite("cleanHours").gt(0, must("cleanHours", "> 0")),
  windowHours: finite("windowHours").gt(0, must("windowHours", "> 0")),
  chgSameHours: finite("chgSameHours").gte(0, must("chgSameHours", ">= 0")),
  chgDiffHours: finite("chgDiffHours").gte(0, must("chgDiffHours", ">= 0")),
  timeZone: z.string(must("timeZone", "text")).refine(
    isTimeZone,
    must("timeZone", "an IANA time zone, e.g. Europe/Berlin"),
  ),
  startTime: z.string(must("startTime", "text or null")).min(1, must("startTime", "not empty"))
    .nullable(),
  strategy: z.string(must("strategy", "text")).min(1, must("strategy", "not empty")),
  strategyOptions: z.record(z.string(), z.record(z.string(), z.unknown())),
  calendar: z.array(
    z.strictObject({
      start: z.string(must("calendar start", "text")).min(1, must("calendar start", "not empty")),
      end: z.string(must("calendar end", "text")).min(1, must("calendar end", "not empty")),
      reason: z.string(must("calendar reason", "text")).max(200).optional(),
    }),
    must("calendar", "a list of {start, end, reason}"),
  ).max(10_000, must("calendar", "at most 10000 intervals")),
  objective: z.enum(OBJECTIVES, must("objective", `one of ${OBJECTIVES.join(", ")}`)),
  makespanTolerancePct: finite("makespanTolerancePct").gte(0, must("makespanTolerancePct", ">= 0"))
    .lte(1000, must("makespanTolerancePct", "<= 1000")),
}).partial();

export type ConfigLayer = z.infer<typeof configLayerSchema>;

/** Where an effective value came from. */
export type ConfigSource = "default" | "file" | "env" | "flag" | "template" | "user" | "request";

/** Turns zod issues into our Issue shape, naming the field. */
export function zodIssues(error: z.ZodError, prefix = ""): Issue[] {
  return error.issues.map((i) => {
    const field = prefix + i.path.map(String).join(".");
    const keys = i.code === "unrecognized_keys" ? i.keys : [];
    const unknownKeys = keys.join(", ");
    const message = unknownKeys
      ? `unknown config field${keys.length > 1 ? "s" : ""}: ${unknownKeys}`
      : i.message.startsWith(field) || !field
      ? i.message
      : `${field}: ${i.message}`;
    return { code: codeOfZodIssue(i), message, field: unknownKeys ? unknownKeys : field };
  });
}

/** Checks one layer; returns the parsed layer or every problem with its field. */
export function parseConfigLayer(input: unknown): { layer: ConfigLayer; errors: Issue[] } {
  const r = configLayerSchema.safeParse(input);
  if (!r.success) return { layer: {}, errors: zodIssues(r.error) };
  return { layer: r.data, errors: [] };
}

/** Cross-field rules that a single field cannot check. */
export function checkConfig(config: SchedulerConfig): Issue[] {
  const errors: Issue[] = [];
  if (config.chgDiffHours < config.chgSameHours) {
    errors.push(
      mustBe(
        "chgDiffHours",
        `>= chgSameHours (${config.chgSameHours})`,
        config.chgDiffHours,
        "CONFLICTING_VALUES",
      ),
    );
  }
  errors.push(...calendarIssues(config.calendar ?? [], config.timeZone));
  return errors;
}

/**
 * Merges layers, later ones winning, on top of the defaults.
 * Returns the values, the source of each key, and every error of the layers (fields named);
 * the merged whole is judged by canonicalRequest, with the strategies.
 */
export function mergeConfig(
  layers: readonly { source: ConfigSource; values: unknown }[],
  base: SchedulerConfig = DEFAULT_CONFIG,
): { config: SchedulerConfig; sources: Record<ConfigKey, ConfigSource>; errors: Issue[] } {
  const values: Record<string, unknown> = { ...base };
  const sources = Object.fromEntries(CONFIG_KEYS.map((k) => [k, "default"])) as Record<
    ConfigKey,
    ConfigSource
  >;
  const errors: Issue[] = [];
  for (const { source, values: raw } of layers) {
    const { layer, errors: e } = parseConfigLayer(raw ?? {});
    errors.push(...e.map((i) => ({ ...i, message: `${source}: ${i.message}` })));
    for (const k of CONFIG_KEYS) {
      const v = layer[k];
      if (v === undefined) continue;
      if (k === "strategyOptions") {
        const prev = values.strategyOptions as Record<string, Record<string, unknown>>;
        const merged: Record<string, Record<string, unknown>> = { ...prev };
        for (const [name, opts] of Object.entries(v as Record<string, Record<string, unknown>>)) {
          merged[name] = { ...(prev[name] ?? {}), ...opts };
        }
        values.strategyOptions = merged;
      } else {
        values[k] = v;
      }
      sources[k] = source;
    }
  }
  return { config: values as unknown as SchedulerConfig, sources, errors };
}

/** The line constants of a config. */
export function lineOf(config: LineConfig): LineConfig {
  const { fillRateVph, cleanHours, windowHours, chgSameHours, chgDiffHours } = config;
  return { fillRateVph, cleanHours, windowHours, chgSameHours, chgDiffHours };
}
