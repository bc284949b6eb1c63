/**
 * A run request made canonical in one place: strategy names and aliases folded, every strategy's
 * options checked and completed, the start instant read. The CLI, the server and runSchedule all
 * call it, so a name, an option or a start time is judged the same way everywhere.
 */
import type { Downtime, Issue, Lot } from "./model.ts";
import { downtimesOf } from "./calendar.ts";
import { hasDueDates } from "./due.ts";
import { checkConfig, type SchedulerConfig } from "./config.ts";
import { validateLots } from "./lots.ts";
import { mustBe } from "./errors.ts";
import { type Registry, resolveOptions, type Strategy } from "./registry.ts";
import { registry as defaultRegistry } from "./strategies/mod.ts";
import { parseStartTime, StartTimeError } from "./time.ts";

export interface RequestOptions {
  /** The lots to plan, checked too when given. */
  readonly lots?: readonly Lot[];
  /** The one strategy to run (name or alias); defaults to `config.strategy`. */
  readonly strategy?: string;
  /** Several strategies to run in order (names or aliases); wins over `strategy`. */
  readonly strategies?: readonly string[];
  readonly registry?: Registry;
  /** Start instant in epoch ms; defaults to `config.startTime`, else the next full hour. */
  readonly startMs?: number;
  /** Clock for the default start time. */
  readonly now?: () => number;
}

/** A strategy to run with its complete options (defaults filled in). */
export interface StrategyRun {
  readonly strategy: Strategy;
  readonly options: Readonly<Record<string, unknown>>;
}

export interface CanonicalRequest {
  /** The config with `strategy` and the keys of `strategyOptions` under canonical names. */
  readonly config: SchedulerConfig;
  /** The strategies to run, in order, each once. */
  readonly runs: readonly StrategyRun[];
  readonly startMs: number;
  /** The config's calendar as downtimes of this run (hours from `startMs`). */
  readonly downtimes: readonly Downtime[];
  /** Every problem found; the request may run only when there is none. */
  readonly issues: readonly Issue[];
}

const HOUR_MS = 3_600_000;

/** Checks a run request and returns it in canonical form with every problem found. */
export function canonicalRequest(
  config: SchedulerConfig,
  opts: RequestOptions = {},
): CanonicalRequest {
  const reg = opts.registry ?? defaultRegistry;
  const valid = reg.names().join(", ");
  const issues: Issue[] = [...checkConfig(config)];
  if (opts.lots) issues.push(...validateLots(opts.lots, config));
  if (opts.lots?.length && config.objective !== "makespan" && !hasDueDates(opts.lots)) {
    issues.push({
      code: "NO_DUE_DATES",
      field: "objective",
      message: `objective ${config.objective} needs due dates, but no lot has a Due date; ` +
        `add a Due column to the lots or use objective makespan`,
    });
  }
  const known = (name: string, field: string): Strategy | null => {
    if (reg.has(name)) return reg.resolve(name);
    issues.push(mustBe(field, `one of ${valid}`, name, "UNKNOWN_STRATEGY"));
    return null;
  };

  // The configured strategy is judged only when it is the one to run.
  const chosen = opts.strategies !== undefined || opts.strategy !== undefined;
  const defaultStrategy = !chosen
    ? known(config.strategy, "strategy")
    : reg.has(config.strategy)
    ? reg.resolve(config.strategy)
    : null;
  const given = new Map<Strategy, Record<string, unknown>>();
  for (const [name, raw] of Object.entries(config.strategyOptions)) {
    const s = known(name, `strategyOptions.${name}`);
    if (s) given.set(s, { ...given.get(s), ...raw });
  }

  const wanted = opts.strategies
    ? opts.strategies.map((n) => known(n, "strategies"))
    : opts.strategy !== undefined
    ? [known(opts.strategy, "strategy")]
    : [defaultStrategy];
  const toRun = new Set(wanted.filter((s) => s !== null));
  // Options are checked for every strategy that has some, run or not: a typo should not wait
  // until the day that strategy is chosen.
  const resolved = new Map<Strategy, Record<string, unknown>>();
  for (const s of new Set([...given.keys(), ...toRun])) {
    const { options, errors } = resolveOptions(s, given.get(s));
    issues.push(...errors);
    resolved.set(s, options);
  }

  const startMs = startOf(config, opts, issues);
  const calendarOk = !issues.some((i) => i.code === "INVALID_CALENDAR");
  return {
    config: {
      ...config,
      strategy: defaultStrategy?.name ?? config.strategy,
      strategyOptions: Object.fromEntries([...given].map(([s, o]) => [s.name, o])),
    },
    runs: [...toRun].map((strategy) => ({ strategy, options: resolved.get(strategy) ?? {} })),
    startMs,
    downtimes: calendarOk ? downtimesOf(config.calendar ?? [], config.timeZone, startMs) : [],
    issues,
  };
}

/** The start instant: the option, else the config's start time, else the next full hour. */
function startOf(config: SchedulerConfig, opts: RequestOptions, issues: Issue[]): number {
  if (opts.startMs !== undefined) return opts.startMs;
  if (config.startTime) {
    try {
      return parseStartTime(config.startTime, config.timeZone);
    } catch (e) {
      if (!(e instanceof StartTimeError)) throw e;
      issues.push({ code: "INVALID_START_TIME", field: e.field, message: e.message });
    }
  }
  const now = (opts.now ?? Date.now)();
  return Math.ceil(now / HOUR_MS) * HOUR_MS;
}
