/** The Strategy interface, option specs, and name/alias resolution. */
import type { Issue, LineConfig, Lot, Plan, SolveStatus } from "./model.ts";
import type { ProgressFn } from "./progress.ts";
import { mustBe, UnknownStrategyError } from "./errors.ts";

/** One option of a strategy, declared so it can be listed, defaulted and checked. */
export interface OptionSpec {
  readonly name: string;
  readonly type: "number" | "integer" | "boolean" | "enum";
  readonly default: number | boolean | string;
  readonly description: string;
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
}

/** What a strategy gets. `options` are checked and complete (defaults filled in). */
export interface StrategyInput {
  readonly lots: readonly Lot[];
  readonly config: LineConfig;
  readonly options: Readonly<Record<string, unknown>>;
  /** Lot IDs in the order wanted (given order only); lots not listed follow in input order. */
  readonly sequence?: readonly string[];
  readonly onProgress?: ProgressFn;
  /** Cancel: the run is discarded (a strategy may throw CancelledError). */
  readonly signal?: AbortSignal;
  /** Stop early: a search ends as soon as it can and returns its best plan so far. */
  readonly stop?: AbortSignal;
}

/** The signal that ends a search for either reason, cancel or stop (undefined if neither). */
export function haltSignal(input: Pick<StrategyInput, "signal" | "stop">): AbortSignal | undefined {
  const given = [input.signal, input.stop].filter((s): s is AbortSignal => s !== undefined);
  return given.length > 1 ? AbortSignal.any(given) : given[0];
}

/** What a strategy returns: a plan, and optionally its own proof of quality. */
export interface StrategyOutput {
  readonly plan: Plan;
  readonly status?: SolveStatus;
  /** A valid lower bound the strategy proved on the way (e.g. the MILP's best bound). */
  readonly lowerBoundHours?: number;
  readonly boundMethod?: string;
  readonly warnings?: readonly Issue[];
}

export interface Strategy {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** Heuristics are fast and synchronous in spirit; optimizers search under a time limit. */
  readonly kind: "heuristic" | "optimizer";
  readonly options: readonly OptionSpec[];
  /** Whether the plan's order is the user's to keep (never re-sequenced after the strategy). */
  readonly keepsOrder?: boolean;
  run(input: StrategyInput): StrategyOutput | Promise<StrategyOutput>;
}

/** Lower case, trimmed, `_` and spaces read as `-`. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[_\s]+/g, "-");
}

/** A lookup over a fixed list of strategies by name or alias. */
export class Registry {
  readonly #byName = new Map<string, Strategy>();
  readonly #all: readonly Strategy[];

  constructor(strategies: readonly Strategy[]) {
    this.#all = strategies;
    for (const s of strategies) {
      for (const key of [s.name, ...s.aliases]) {
        const k = normalizeName(key);
        if (this.#byName.has(k)) throw new Error(`strategy name ${k} registered twice`);
        this.#byName.set(k, s);
      }
    }
  }

  /** Every strategy, in registration order. */
  list(): readonly Strategy[] {
    return this.#all;
  }

  /** The strategy for `name` (any alias, `_` for `-`); throws UnknownStrategyError listing valid names. */
  resolve(name: string): Strategy {
    const s = this.#byName.get(normalizeName(name));
    if (!s) throw new UnknownStrategyError(name, this.names());
    return s;
  }

  has(name: string): boolean {
    return this.#byName.has(normalizeName(name));
  }

  /** Canonical names followed by their aliases, e.g. `smart-pack (smart)`. */
  names(): string[] {
    return this.#all.map((s) => s.aliases.length ? `${s.name} (${s.aliases.join(", ")})` : s.name);
  }
}

/** Fills defaults into `raw` and checks every option; errors name `strategyOptions.<strategy>.<option>`. */
export function resolveOptions(
  strategy: Strategy,
  raw: Readonly<Record<string, unknown>> = {},
): { options: Record<string, unknown>; errors: Issue[] } {
  const options: Record<string, unknown> = {};
  const errors: Issue[] = [];
  const known = new Map(strategy.options.map((o) => [o.name, o]));
  const names = [...known.keys()].join(", ") || "none";
  for (const key of Object.keys(raw)) {
    if (known.has(key)) continue;
    const field = `strategyOptions.${strategy.name}.${key}`;
    errors.push(mustBe(field, `an option of ${strategy.name} (${names})`, key, "UNKNOWN_OPTION"));
  }
  for (const spec of strategy.options) {
    const field = `strategyOptions.${strategy.name}.${spec.name}`;
    const v = raw[spec.name] ?? spec.default;
    const bad = (valid: string) => errors.push(mustBe(field, valid, v));
    if (spec.type === "boolean") {
      if (typeof v !== "boolean") bad("true or false");
    } else if (spec.type === "enum") {
      if (typeof v !== "string" || !spec.values?.includes(v)) {
        bad(`one of ${spec.values?.join(", ")}`);
      }
    } else if (typeof v !== "number" || !Number.isFinite(v)) bad("a number");
    else if (spec.type === "integer" && !Number.isInteger(v)) bad("a whole number");
    else if (spec.min !== undefined && v < spec.min) bad(`>= ${spec.min}`);
    else if (spec.max !== undefined && v > spec.max) bad(`<= ${spec.max}`);
    options[spec.name] = v;
  }
  return { options, errors };
}
