/** The configuration keys as the CLI and environment spell them, with what each means. */
import type { ConfigKey } from "../engine/mod.ts";

/** How one config key is set from outside: environment variable, flag, value kind, meaning. */
export interface ConfigKeySpec {
  readonly key: ConfigKey;
  readonly env: string;
  readonly flag: string;
  /** `calendar`: JSON in the environment, a CSV file for the flag (read by loadConfig). */
  readonly kind: "number" | "string" | "json" | "calendar";
  readonly meaning: string;
  /** A value the config template shows commented out, for keys whose default shows nothing. */
  readonly example?: unknown;
}

/** Every key that the environment and flags can set, in display order. */
export const CONFIG_KEY_SPECS: readonly ConfigKeySpec[] = [
  {
    key: "fillRateVph",
    env: "FILLSCHED_FILL_RATE_VPH",
    flag: "fill-rate-vph",
    kind: "number",
    meaning: "vials filled per hour (> 0)",
  },
  {
    key: "cleanHours",
    env: "FILLSCHED_CLEAN_HOURS",
    flag: "clean-hours",
    kind: "number",
    meaning: "hours of a CLEAN, before the first block and between blocks (> 0)",
  },
  {
    key: "windowHours",
    env: "FILLSCHED_WINDOW_HOURS",
    flag: "window-hours",
    kind: "number",
    meaning: "most fill + changeover hours a block may hold (> 0)",
  },
  {
    key: "chgSameHours",
    env: "FILLSCHED_CHG_SAME_HOURS",
    flag: "chg-same-hours",
    kind: "number",
    meaning: "changeover between two lots of the same type (>= 0)",
  },
  {
    key: "chgDiffHours",
    env: "FILLSCHED_CHG_DIFF_HOURS",
    flag: "chg-diff-hours",
    kind: "number",
    meaning: "changeover between lots of different types (>= chgSameHours)",
  },
  {
    key: "timeZone",
    env: "FILLSCHED_TIME_ZONE",
    flag: "time-zone",
    kind: "string",
    meaning: "IANA zone for naive start times and printed instants",
  },
  {
    key: "startTime",
    env: "FILLSCHED_START_TIME",
    flag: "start",
    kind: "string",
    meaning: 'ISO 8601 instant or "YYYY-MM-DD HH:MM" in timeZone; unset = next full hour',
  },
  {
    key: "strategy",
    env: "FILLSCHED_STRATEGY",
    flag: "strategy",
    kind: "string",
    meaning: "strategy name or alias for `schedule`",
  },
  {
    key: "strategyOptions",
    env: "FILLSCHED_STRATEGY_OPTIONS",
    flag: "option",
    kind: "json",
    meaning: "options per strategy; flag form `--option smart-pack.beamWidth=5` (repeatable)",
    example: { "smart-pack": { beamWidth: 3 } },
  },
  {
    key: "calendar",
    env: "FILLSCHED_CALENDAR",
    flag: "calendar",
    kind: "calendar",
    meaning: "unavailable intervals [{start, end, reason}] in timeZone; the flag takes a CSV " +
      "file with columns Start, End, Reason",
    example: [{ start: "2026-01-08 06:00", end: "2026-01-09 06:00", reason: "maintenance" }],
  },
  {
    key: "objective",
    env: "FILLSCHED_OBJECTIVE",
    flag: "objective",
    kind: "string",
    meaning: "makespan, makespan-then-tardiness or tardiness (needs lots with Due dates)",
  },
  {
    key: "makespanTolerancePct",
    env: "FILLSCHED_MAKESPAN_TOLERANCE_PCT",
    flag: "makespan-tolerance-pct",
    kind: "number",
    meaning: "objective tardiness: how far (%) the makespan may exceed the best found",
  },
];
