/**
 * The only door to glpk.js: solves LinearModels as LPs (with duals) or MILPs, and maps every
 * GLPK status onto ours. glpk.js/node is synchronous; MILPs are meant to run in a Worker.
 */
import GLPK from "glpk.js/node";
import { type LinearModel, modelValue } from "./linear_model.ts";

type Glpk = Awaited<ReturnType<typeof GLPK>>;

let loading: Promise<Glpk> | null = null;
let loaded = false;
/** Where GLPK's log lines go while a MILP with `onLog` runs; null = the real console.log. */
let logSink: ((line: string) => void) | null = null;

/**
 * The glpk.js instance, loaded on first use. Its wasm module binds console.log once, when it is
 * created, so it gets a forwarder that a solve can point at its own log reader.
 */
export function loadGlpk(): Promise<Glpk> {
  if (!loading) {
    const original = console.log;
    const forward = (...args: unknown[]) =>
      logSink ? logSink(args.join(" ")) : original.apply(console, args);
    console.log = forward;
    loading = GLPK().finally(() => {
      loaded = true;
      if (console.log === forward) console.log = original;
    });
  }
  return loading;
}

/** Whether glpk.js is loaded already (loading it takes of the order of 100 ms). */
export function glpkLoaded(): boolean {
  return loaded;
}

/** Outcome of an LP solve; "time_limit" when the time limit stopped the simplex. */
export type LpStatus = "optimal" | "infeasible" | "unbounded" | "undefined" | "time_limit";

export interface LpResult {
  readonly status: LpStatus;
  /** The model's value (constant and unit applied). */
  readonly objective: number;
  readonly values: Readonly<Record<string, number>>;
  /** Row duals by row name. */
  readonly duals: Readonly<Record<string, number>>;
}

/** Outcome of a MILP solve, in the engine's words. */
export type MilpStatus = "optimal" | "feasible" | "time_limit" | "infeasible";

export interface MilpResult {
  readonly status: MilpStatus;
  /** The model's value of the best solution found, or null when none was found. */
  readonly objective: number | null;
  readonly values: Readonly<Record<string, number>>;
  readonly seconds: number;
  /**
   * Whether GLPK itself stated the outcome (optimal / no integer solution). False when it left
   * the status undefined, which also happens on solver failures: then "infeasible" is a guess.
   */
  readonly definite: boolean;
}

function toGlpk(glpk: Glpk, model: LinearModel) {
  const bnds = (lb: number | undefined, ub: number | undefined) => {
    const l = lb ?? -Infinity;
    const u = ub ?? Infinity;
    if (l === u) return { type: glpk.GLP_FX, lb: l, ub: u };
    if (l > -Infinity && u < Infinity) return { type: glpk.GLP_DB, lb: l, ub: u };
    if (l > -Infinity) return { type: glpk.GLP_LO, lb: l, ub: 0 };
    if (u < Infinity) return { type: glpk.GLP_UP, lb: 0, ub: u };
    return { type: glpk.GLP_FR, lb: 0, ub: 0 };
  };
  return {
    name: model.name,
    objective: {
      direction: model.sense === "min" ? glpk.GLP_MIN : glpk.GLP_MAX,
      name: "objective",
      vars: model.objective.map((t) => ({ name: t.name, coef: t.coef })),
    },
    subjectTo: model.rows.map((r) => ({
      name: r.name,
      vars: r.terms.map((t) => ({ name: t.name, coef: t.coef })),
      bnds: bnds(r.lb, r.ub),
    })),
    bounds: (model.bounds ?? []).map((b) => ({ name: b.name, ...bnds(b.lb ?? 0, b.ub) })),
    binaries: [...(model.binaries ?? [])],
    generals: [...(model.integers ?? [])],
  };
}

/**
 * Solves `model` as an LP (integrality ignored) and returns values and row duals. With
 * `timeLimitMs`, GLPK's simplex stops when it is spent (status "time_limit").
 */
export async function solveLp(
  model: LinearModel,
  opts: {
    readonly timeLimitMs?: number;
    /**
     * Whether GLPK presolves first (default true). Column generation's masters skip it: they
     * are small and always feasible, and the simplex alone solved them about 30 % faster.
     */
    readonly presolve?: boolean;
  } = {},
): Promise<LpResult> {
  const glpk = await loadGlpk();
  const t0 = performance.now();
  const lp = toGlpk(glpk, { ...model, binaries: [], integers: [] });
  // glpk.js takes the limit in seconds; GLPK checks it between simplex iterations.
  const limit = (presol: boolean) => {
    const left = opts.timeLimitMs === undefined
      ? undefined
      : Math.max(0, opts.timeLimitMs - (performance.now() - t0));
    return {
      msglev: glpk.GLP_MSG_OFF,
      presol,
      ...(left !== undefined ? { tmlim: left / 1000 } : {}),
    };
  };
  const outOfTime = () =>
    opts.timeLimitMs !== undefined && performance.now() - t0 >= opts.timeLimitMs;
  const presolve = opts.presolve ?? true;
  let { result } = glpk.solve(lp, limit(presolve));
  if (presolve && result.status === glpk.GLP_UNDEF && !outOfTime()) {
    // The presolver stops without a status on infeasible or unbounded LPs; the simplex says which.
    result = glpk.solve(lp, limit(false)).result;
  }
  const status: LpStatus = result.status !== glpk.GLP_OPT && outOfTime()
    ? "time_limit"
    : result.status === glpk.GLP_OPT
    ? "optimal"
    : result.status === glpk.GLP_NOFEAS || result.status === glpk.GLP_INFEAS
    ? "infeasible"
    : result.status === glpk.GLP_UNBND
    ? "unbounded"
    : "undefined";
  return {
    status,
    objective: modelValue(model, result.z),
    values: result.vars,
    duals: result.dual ?? {},
  };
}

export interface MilpOptions {
  readonly timeLimitSec: number;
  readonly mipGap?: number;
  /** Receives GLPK's log lines (they carry the incumbent and the best bound). */
  readonly onLog?: (line: string) => void;
}

/** Maps a GLPK MIP status to ours; `timedOut` says whether the time limit was reached. */
export function mapMilpStatus(glpk: Glpk, status: number, timedOut: boolean): MilpStatus {
  if (status === glpk.GLP_OPT) return "optimal";
  if (status === glpk.GLP_FEAS) return timedOut ? "time_limit" : "feasible";
  if (status === glpk.GLP_NOFEAS) return "infeasible";
  // UNDEF: no integer solution yet, which only a stop by the time limit leaves behind.
  return timedOut ? "time_limit" : "infeasible";
}

/**
 * Solves `model` as a MILP, synchronously (blocks the thread it runs on); `onLog` reads GLPK's
 * log while it runs.
 */
export async function solveMilp(model: LinearModel, opts: MilpOptions): Promise<MilpResult> {
  const glpk = await loadGlpk();
  const lp = toGlpk(glpk, model);
  const log = opts.onLog ?? null;
  logSink = log;
  const t0 = performance.now();
  let result;
  try {
    result = glpk.solve(lp, {
      msglev: log ? glpk.GLP_MSG_ON : glpk.GLP_MSG_OFF,
      tmlim: opts.timeLimitSec,
      mipgap: opts.mipGap ?? 0,
    }).result;
  } finally {
    logSink = null;
  }
  const seconds = (performance.now() - t0) / 1000;
  const timedOut = seconds >= opts.timeLimitSec * 0.98;
  const status = mapMilpStatus(glpk, result.status, timedOut);
  const found = result.status === glpk.GLP_OPT || result.status === glpk.GLP_FEAS;
  return {
    status,
    objective: found ? modelValue(model, result.z) : null,
    values: found ? result.vars : {},
    seconds,
    definite: result.status === glpk.GLP_OPT || result.status === glpk.GLP_NOFEAS,
  };
}
