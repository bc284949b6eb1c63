/**
 * The column-generation (pattern LP) lower bound. One module on purpose (about 450 lines): the
 * loop, its stopping rules and the bound each iteration proves share their invariants, and a
 * split would put the proof below in one file and the code it speaks of in another.
 *
 * Master LP: min Σ_p c_p λ_p  s.t.  Σ_p q_gp λ_p ≥ m_g for every lot group g, λ ≥ 0, where a
 * pattern p is a block's content (q_gp lots of group g) and c_p = u + Σ a + e·types its cost.
 * A restricted master over the patterns found so far is solved with glpk.js; its duals π price
 * new patterns exactly (pricing.ts).
 *
 * Every iteration yields a valid bound, even when stopped early (Lagrangian bound): for any π,
 * an optimal schedule's blocks p_1..p_B partition the lots, so
 *   makespan = Σ_k c_{p_k} = π·m + Σ_k (c_{p_k} − π·q_{p_k}) ≥ π·m + B·min(0, rc_min),
 * with rc_min = u − P_max ≤ every reduced cost (P_max from pricing, or an upper bound on it) and
 * B ≤ κ, the most blocks an optimal schedule can have: makespan − base = u·B + e·T ≥ (u + e)·B
 * (each block has a type) and makespan ≤ a known schedule's, so κ = ⌊(UB − base)/(u + e)⌋.
 * When pricing proves rc_min ≥ 0, this is the LP optimum π·m. Every makespan lies on the lattice
 * base + g·k (packing/form.ts), so the bound is rounded up to it.
 */
import type { LineConfig, Lot } from "../model.ts";
import type { ProgressFn } from "../progress.ts";
import type { LinearModel } from "../milp/linear_model.ts";
import { glpkLoaded, solveLp } from "../milp/solve.ts";
import {
  type Budget,
  budgetOf,
  type Clock,
  msLeft,
  spent,
  subBudget,
  wallClock,
} from "../budget.ts";
import {
  blocksCost,
  firstFitByType,
  groupCount,
  type PackingForm,
  packingForm,
  roundUpToLattice,
} from "../packing/mod.ts";
import { type PricedPattern, pricePatterns } from "./pricing.ts";
import { disjointPatterns } from "./disjoint_columns.ts";
import { type MasterColumn, MasterSimplex, surplusKey } from "./master_simplex.ts";

export interface ColumnGenerationOptions {
  /** Wall time allowed, ms; the best valid bound so far is returned when it runs out. */
  readonly budgetMs: number;
  /** The clock the budget is measured on (performance.now by default). */
  readonly clock?: Clock;
  /** The packing form of the lots, when the caller has it already. */
  readonly form?: PackingForm;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressFn;
  /** A known makespan (e.g. of a heuristic schedule), to bound the blocks of an optimum. */
  readonly upperBoundHours?: number;
  /**
   * The blocks of a known schedule (its lots by ID): they seed the master as columns, near
   * where an optimal LP solution lies, so fewer pricing rounds are needed.
   */
  readonly incumbent?: readonly (readonly { readonly id: string }[])[];
  /**
   * Only schedules with this many blocks: the bound then holds for them alone (used to split
   * on a fractional LP block count, see blockSplitBound).
   */
  readonly blocks?: { readonly min: number; readonly max: number };
  /**
   * Whether the master has exchange columns (default true): they speed convergence, but its
   * solution then covers some lots by smaller ones of their type, not by its patterns alone.
   */
  readonly exchanges?: boolean;
}

export interface ColumnGenerationResult {
  /** Valid lower bound on the makespan (hours), rounded up to the cost lattice. */
  readonly lowerBoundHours: number;
  /** Whether pricing proved the LP optimal (the bound is the full LP bound). */
  readonly converged: boolean;
  /** Whether the budget ended the run (or kept a step from starting) before convergence. */
  readonly stoppedByBudget: boolean;
  readonly iterations: number;
  readonly columns: number;
  /** Time spent in master LPs and in pricing, ms. */
  readonly lpMs: number;
  readonly pricingMs: number;
  /** Duals of the last master LP, one per lot group (none when no LP ran). */
  readonly duals: readonly number[];
  /** Σ λ of the last master LP: the LP's number of blocks. */
  readonly lpBlocks: number;
  /** The last master LP's blocks: each pattern with λ > 0 (as [group, count] pairs) and λ. */
  readonly solution: readonly LpColumn[];
  /** When converged: what reduced-cost arguments need (see pattern_model.ts). */
  readonly proof: ReducedCostProof | null;
  /** The lots' packing form; null when no LP could start (the form was not needed). */
  readonly form: PackingForm | null;
}

/**
 * Duals π (and μ of the block count, 0 unless split on it) with every pattern's reduced cost
 * c_p − π·q_p − μ ≥ `reducedCostMin` (proven by exact pricing), so a schedule's makespan is
 * ≥ dualValue + (its blocks' reduced costs), and ≤ `kappa` blocks. After a split on the block
 * count this holds only for schedules whose block count is in that side's range.
 */
export interface ReducedCostProof {
  readonly duals: readonly number[];
  readonly blockDual: number;
  readonly dualValue: number;
  readonly reducedCostMin: number;
  readonly kappa: number;
}

/** A pattern: how many lots of each group, as sorted [group, count] pairs. */
type Pattern = readonly (readonly [number, number])[];

/** A pattern of an LP solution, with its value λ. */
export interface LpColumn {
  readonly pattern: Pattern;
  readonly value: number;
}

/** A pattern's key: its [group, count] pairs (the key of a single lot of g is `${g}x1`). */
const patternKey = (p: Pattern) => p.map(([g, k]) => `${g}x${k}`).join(",");

function toPattern(groups: readonly number[]): Pattern {
  const counts = new Map<number, number>();
  for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts.entries()].sort((x, y) => x[0] - y[0]);
}

function patternCost(p: Pattern, form: PackingForm): number {
  let cost = form.blockCost;
  const types = new Set<number>();
  for (const [g, k] of p) {
    cost += form.groups[g]!.size * k;
    types.add(form.groups[g]!.type);
  }
  return cost + form.setup * types.size;
}

const yieldToLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** Time between yields to the event loop, ms. */
const YIELD_EVERY_MS = 50;

/** Time glpk.js takes to load before its first solve, ms (measured 75–200 ms). */
const GLPK_LOAD_MS = 150;

/**
 * Expected time of a first master LP over `groups` rows, ms: GLPK's simplex grew like
 * groups^1.75 on the bench (0.2 s at 1,000 groups, 5 s at 5,000, 11 s at 10,000 on a shared
 * 2-core machine); the factor keeps it on the safe side. An LP that cannot finish in the time
 * left is not started: stopped midway it gives no bound at all.
 */
export function masterLpMs(groups: number): number {
  return 0.0015 * groups ** 1.75;
}

/**
 * Relative tolerance: a pattern is added only if its reduced cost is below −REDUCED_EPS times
 * the cost a packing decides per block (not the whole objective: with large lots that is mostly
 * fixed fill, and a tolerance relative to it let patterns worth a block's fraction go unpriced).
 */
const REDUCED_EPS = 1e-7;

/**
 * Most lot groups (master rows) solved by MasterSimplex: its dense basis inverse costs rows² per
 * pivot, and above a few hundred rows GLPK's sparse factorization from scratch is faster.
 */
const SIMPLEX_MAX_ROWS = 300;

/** Most patterns added from one pricing (its best ones). */
const MAX_ADDED = 40;

/**
 * Margin (× a block's cost) by which a bound proving the upper bound must clear the lattice
 * point below it, far above float noise and far below a lattice step.
 */
const ENOUGH_MARGIN = 1e-7;
/** roundUpToLattice's slack (packing/form.ts), relative to the lattice step. */
const LATTICE_SLACK = 1e-6;

/**
 * Search nodes of one pricing at first (most find their columns well within this), and the
 * factor they grow by each time a pricing runs out of them.
 */
const PRICING_NODES = 200_000;
const NODE_GROWTH = 4;

/** Most pricing rounds over groups the found patterns leave (disjoint_columns.ts). */
const DISJOINT_ROUNDS = 30;

/** Weight of the centre in smoothed duals. */
const SMOOTHING = 0.5;

/** π·q / c_p: how far the duals overprice pattern p (> 1 means a negative reduced cost). */
function ratio(groups: readonly number[], duals: readonly number[], form: PackingForm): number {
  let value = 0;
  for (const g of groups) value += duals[g]!;
  return value / patternCost(toPattern(groups), form);
}

/**
 * Farley's bound: with θ = max_p π·q_p / c_p (all c_p > 0), π/θ is dual feasible, so the LP
 * value is at least π·m/θ. θ is found by Dinkelbach steps, each an exact pricing at π/θ; the
 * bound is returned only once pricing proves no pattern beats θ (else 0).
 */
function farleyBound(
  form: PackingForm,
  duals: readonly number[],
  dualValue: number,
  budget: Budget,
): number {
  let theta = 1;
  for (let step = 0; step < 8 && !spent(budget); step++) {
    const scaled = duals.map((v) => v / theta);
    const res = pricePatterns(form, scaled, { threshold: form.blockCost, budget });
    if (!res.exact) return 0;
    if (!res.patterns.length) return dualValue / theta;
    const next = Math.max(...res.patterns.map((p) => ratio(p.groups, duals, form)));
    if (!(next > theta)) return 0;
    theta = next;
  }
  return 0;
}

/** Runs column generation within `budgetMs`; always returns a valid bound. */
export async function columnGenerationBound(
  lots: readonly Lot[],
  config: LineConfig,
  opts: ColumnGenerationOptions,
): Promise<ColumnGenerationResult> {
  const clock = opts.clock ?? wallClock;
  const t0 = clock();
  const budget = budgetOf(opts.budgetMs, clock);
  // What the next LP is expected to take: the model's estimate, then the last LP's time.
  const groups = opts.form?.groups.length ?? groupCount(lots);
  // Small masters take the simplex below. Its first LP is still costed with glpk.js's load, which
  // GLPK's fallback may need: a bound asked for in ~0.1 s stays the closed-form one, on time.
  const bySimplex = !opts.blocks && groups <= SIMPLEX_MAX_ROWS;
  let nextLpMs = masterLpMs(groups) + (glpkLoaded() ? 0 : GLPK_LOAD_MS);
  if (nextLpMs > msLeft(budget) || opts.signal?.aborted) {
    // Not even one LP fits: no bound beyond the closed-form ones, and no time spent on setup.
    return {
      lowerBoundHours: 0,
      converged: false,
      stoppedByBudget: !opts.signal?.aborted,
      iterations: 0,
      columns: 0,
      lpMs: 0,
      pricingMs: 0,
      duals: [],
      lpBlocks: 0,
      solution: [],
      proof: null,
      form: null,
    };
  }
  const form = opts.form ?? packingForm(lots, config);
  const initial = firstFitByType(form);
  const ub = Math.min(opts.upperBoundHours ?? Infinity, blocksCost(initial, form));
  const perBlock = form.blockCost + form.setup;
  const kappa = perBlock > 0
    ? Math.max(1, Math.floor((ub - form.base) / perBlock + 1e-9))
    : form.lotCount;
  const patterns: Pattern[] = [];
  const seen = new Set<string>();
  const add = (p: Pattern) => {
    const key = patternKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    patterns.push(p);
    return true;
  };
  form.groups.forEach((_, g) => add([[g, 1]]));
  // Keeping the master small keeps each LP fast: past `purgeAt` patterns, unused ones with the
  // highest reduced cost go (never singletons, which keep the master feasible).
  const purgeAt = Math.max(600, 6 * form.groups.length);
  const purge = (inUse: (j: number) => boolean) => {
    const rc = patterns.map((p, j) => {
      let r = patternCost(p, form);
      for (const [g, k] of p) r -= duals[g]! * k;
      const single = p.length === 1 && p[0]![1] === 1;
      return { j, r: single || inUse(j) ? -Infinity : r };
    });
    rc.sort((x, y) => x.r - y.r);
    const keepIdx = new Set(rc.slice(0, Math.floor(purgeAt / 2)).map((x) => x.j));
    const kept = patterns.filter((_, j) => keepIdx.has(j));
    patterns.length = 0;
    seen.clear();
    for (const p of kept) add(p);
  };
  for (const block of initial) add(toPattern(block));
  const schedule: Pattern[] = [];
  if (opts.incumbent) {
    const groupOf = new Map<string, number>();
    form.groups.forEach((g, gi) => g.lots.forEach((l) => groupOf.set(l.id, gi)));
    for (const block of opts.incumbent) {
      const groups = block.map((l) => groupOf.get(l.id));
      // A block of lots not in this form (another run's lots) is no column here.
      if (groups.length && groups.every((g) => g !== undefined)) {
        schedule.push(toPattern(groups));
        add(schedule.at(-1)!);
      }
    }
  }

  let best = -Infinity;
  let converged = false;
  let stoppedByBudget = false;
  let proof: ReducedCostProof | null = null;
  let iterations = 0;
  let lpMs = 0;
  let pricingMs = 0;
  let duals: number[] = form.groups.map(() => 0);
  // The block-count row's dual μ (0 without `opts.blocks`): every reduced cost is lower by μ.
  const range = opts.blocks;
  let mu = 0;
  let lpBlocks = 0;
  let solution: LpColumn[] = [];
  const blocksMax = range ? Math.min(kappa, range.max) : kappa;
  const muTerm = (m: number) => range ? Math.min(m * range.min, m * range.max) : 0;
  // Wentges smoothing: price at a mix of the best-bound duals (the centre) and the master's.
  let centre: number[] | null = null;
  const report = (message: string) =>
    opts.onProgress?.({
      phase: "bounding",
      message,
      elapsedMs: clock() - t0,
      lowerBoundHours: roundUpToLattice(best, form),
    });
  const valueOf = (pi: readonly number[]) => {
    let v = 0;
    form.groups.forEach((group, g) => v += pi[g]! * group.lots.length);
    return v;
  };
  /**
   * Prices at (π, μ), updates the bound and the centre; returns the patterns found. For a
   * schedule of B blocks (B in the range), makespan = π·m + μ·B + Σ reduced costs.
   */
  const priceAt = (pi: number[], m: number) => {
    const tPrice = clock();
    const threshold = form.blockCost - m;
    const value = valueOf(pi) + muTerm(m);
    // The profit below which this point's bound would prove `ub` (see `enough` in pricing.ts).
    const enough = target > -Infinity
      ? threshold + (value - target) / blocksMax - ENOUGH_MARGIN * perBlockScale
      : -Infinity;
    const priced = pricePatterns(form, pi, {
      threshold,
      budget,
      nodeLimit,
      ...(enough > threshold ? { enough } : {}),
    });
    pricingMs += clock() - tPrice;
    // Out of nodes: the next search gets more (the last steps to an exact answer are the
    // hardest, with many patterns within a hair of the threshold), within the budget.
    if (!priced.exact) nodeLimit *= NODE_GROWTH;
    if (!priced.exact && spent(budget)) stoppedByBudget = true;
    const rcMin = threshold - priced.upperProfit;
    const lagrangian = value + blocksMax * Math.min(0, rcMin);
    if (lagrangian > best) [best, centre, centreMu] = [lagrangian, pi, m];
    return priced;
  };
  /** Whether the bound proves `ub` optimal: no better bound exists, so the work is done. */
  const reachedUpper = () =>
    Number.isFinite(known) &&
    roundUpToLattice(best, form) >= Math.min(ub, known) - ENOUGH_MARGIN * perBlockScale;
  let centreMu = 0;
  let nodeLimit = PRICING_NODES;
  // Any bound above `target` rounds up to `ub` on the lattice of makespans (none without one).
  const perBlockScale = Math.max(1, Math.abs(form.blockCost) + form.setup);
  // Only a caller's known schedule ends the work early: one without asks for the LP itself.
  const known = opts.upperBoundHours ?? Infinity;
  const target = form.lattice > 0 && Number.isFinite(known)
    ? Math.min(ub, known) - form.lattice * (1 - 2 * LATTICE_SLACK)
    : -Infinity;
  /**
   * The best of `found` and patterns over other groups (disjoint_columns.ts), priced at the
   * same point for at most the last LP's time: columns that move many duals at once.
   */
  const withDisjoint = (pi: readonly number[], m: number, found: readonly PricedPattern[]) => {
    const tExtra = clock();
    const extra = disjointPatterns(
      form,
      pi,
      form.blockCost - m,
      found,
      DISJOINT_ROUNDS,
      subBudget(budget, nextLpMs),
    );
    pricingMs += clock() - tExtra;
    return [...found.slice(-MAX_ADDED), ...extra];
  };
  // Small masters without a block-count row: the warm-started simplex (a few pivots per
  // round); others GLPK from scratch.
  let simplex = bySimplex
    ? new MasterSimplex(
      form.groups.map((g) => g.lots.length),
      form.groups.map((g) => g.size),
      (g) => `${g}x1`,
    )
    : null;
  // The known schedule's blocks as the first basis: each owns a row it covers, the other rows
  // take their surplus (0 where the blocks cover them exactly).
  if (simplex && schedule.length) {
    const keys = form.groups.map((_, g) => surplusKey(g));
    for (const p of schedule) {
      const own = p.find(([g]) => keys[g] === surplusKey(g));
      if (own) keys[own[0]] = patternKey(p);
    }
    simplex.start(keys);
  }
  const exchanges = opts.exchanges ?? true;
  // Each pattern's column, made once (every round passes them all).
  const madeColumns = new WeakMap<Pattern, MasterColumn>();
  const solveMaster = async () => {
    const sol = simplex?.solve(masterColumns(patterns, form, madeColumns, exchanges), budget);
    // A simplex that fails (never seen: a covering master is bounded) hands over to GLPK.
    if (sol?.status === "failed") simplex = null;
    else if (sol) {
      return {
        status: sol.status,
        // The simplex prices over costs less the lots' sizes: π = size + its dual.
        duals: form.groups.map((g, i) => Math.max(0, g.size + sol.duals[i]!)),
        mu: 0,
        value: (j: number) => sol.values[j]!,
        inUse: (j: number) => sol.basic[j] === 1 || sol.values[j]! > 0,
      };
    }
    const lp = await solveLp(masterModel(patterns, form, exchanges, range), {
      timeLimitMs: msLeft(budget),
      presolve: false,
    });
    const value = (j: number) => lp.values[`p${j}`] ?? 0;
    return {
      status: lp.status,
      duals: form.groups.map((_, g) => Math.max(0, lp.duals[`g${g}`] ?? 0)),
      mu: range ? lp.duals.blocks ?? 0 : 0,
      value,
      inUse: (j: number) => value(j) > 0,
    };
  };
  let iterationStart = t0;
  let lastYield = t0;
  while (!opts.signal?.aborted) {
    if (nextLpMs > msLeft(budget)) {
      stoppedByBudget = true;
      break;
    }
    iterations++;
    iterationStart = clock();
    const tLp = clock();
    const lp = await solveMaster();
    nextLpMs = clock() - tLp;
    lpMs += nextLpMs;
    if (lp.status === "time_limit") stoppedByBudget = true;
    if (lp.status !== "optimal") break;
    duals = lp.duals;
    mu = lp.mu;
    lpBlocks = patterns.reduce((sum, _, j) => sum + lp.value(j), 0);
    solution = patterns.map((pattern, j) => ({ pattern, value: lp.value(j) }))
      .filter((c) => c.value > 0);
    if (patterns.length > purgeAt) purge(lp.inUse);
    const scale = Math.max(1, Math.abs(form.blockCost) + form.setup, 1e-3 * form.capacity);
    const addNegative = (found: readonly { groups: readonly number[] }[]) => {
      let added = 0;
      for (const p of found) {
        const pattern = toPattern(p.groups);
        let rc = patternCost(pattern, form) - mu;
        for (const [g, k] of pattern) rc -= duals[g]! * k;
        if (rc < -REDUCED_EPS * scale && add(pattern)) added++;
      }
      return added;
    };
    let added = 0;
    if (centre) {
      const c = centre;
      const mixed = duals.map((v, g) => SMOOTHING * c[g]! + (1 - SMOOTHING) * v);
      const m = SMOOTHING * centreMu + (1 - SMOOTHING) * mu;
      added = addNegative(withDisjoint(mixed, m, priceAt(mixed, m).patterns));
      if (reachedUpper()) break;
    }
    if (added === 0) {
      // No smoothing, or a mispricing: price at the master's duals, which decides convergence.
      let priced = priceAt(duals, mu);
      // Out of nodes with nothing found: no way forward but a longer search.
      while (!priced.exact && !priced.patterns.length && !spent(budget) && !reachedUpper()) {
        priced = priceAt(duals, mu);
      }
      added = addNegative(withDisjoint(duals, mu, priced.patterns));
      if (reachedUpper()) break;
      if (priced.exact && added === 0) {
        // priceAt already counted the bound π·m + κ·min(0, rc_min), exact for these duals.
        converged = true;
        proof = {
          duals,
          blockDual: mu,
          dualValue: valueOf(duals) + muTerm(mu),
          reducedCostMin: form.blockCost - mu - priced.upperProfit,
          kappa: blocksMax,
        };
        break;
      }
      if (added === 0) break; // pricing gave up and found nothing: no way forward
    }
    report(`column generation: ${iterations} LPs, ${patterns.length} patterns`);
    // Stop when another iteration like the last would overrun the budget.
    if (clock() - iterationStart >= msLeft(budget)) {
      stoppedByBudget = true;
      break;
    }
    // Yield now and then (an abort or a progress consumer gets its turn), not every round: a
    // timer's turn took 10-20 ms on a loaded machine, a fifth of a 2 s budget.
    if (clock() - lastYield >= YIELD_EVERY_MS) {
      await yieldToLoop();
      lastYield = clock();
    }
  }
  if (!converged && !range && iterations > 0 && !reachedUpper()) {
    // Farley's bound at the centre and at the last master duals is often much better; it gets
    // what is left of the budget, with a small allowance (its Dinkelbach steps are what make a
    // stopped run's bound) that stays well inside the promised overrun.
    const tPrice = clock();
    const farley = { now: clock, end: budget.end + Math.min(20, 0.02 * opts.budgetMs) };
    for (const pi of [centre, duals]) {
      if (pi) best = Math.max(best, farleyBound(form, pi, valueOf(pi), farley));
    }
    pricingMs += clock() - tPrice;
  }
  const lowerBoundHours = Number.isFinite(best) ? roundUpToLattice(best, form) : 0;
  best = Number.isFinite(best) ? best : 0;
  report(
    converged ? `LP bound proven after ${iterations} LPs` : `stopped after ${iterations} LPs`,
  );
  return {
    lowerBoundHours,
    converged,
    stoppedByBudget: stoppedByBudget && !converged,
    iterations,
    columns: patterns.length,
    lpMs,
    pricingMs,
    duals,
    lpBlocks,
    solution,
    proof,
    form,
  };
}

/**
 * The restricted master for MasterSimplex: costs less the lots' sizes (a surplus lot then costs
 * its size), so every cost is a block's and the simplex's tolerances are relative to it.
 */
function masterColumns(
  patterns: readonly Pattern[],
  form: PackingForm,
  made: WeakMap<Pattern, MasterColumn>,
  exchanges: boolean,
): MasterColumn[] {
  const columns: MasterColumn[] = patterns.map((p) => {
    const known = made.get(p);
    if (known) return known;
    let fill = 0;
    for (const [g, k] of p) fill += form.groups[g]!.size * k;
    const column = {
      key: patternKey(p),
      rows: p.map(([g]) => g),
      coefs: p.map(([, k]) => k),
      cost: patternCost(p, form) - fill,
    };
    made.set(p, column);
    return column;
  });
  // The exchange columns of masterModel; their cost less sizes is 0.
  for (let g = 0; g + 1 < form.groups.length && exchanges; g++) {
    if (form.groups[g]!.type !== form.groups[g + 1]!.type) continue;
    columns.push({ key: `x${g}`, rows: [g, g + 1], coefs: [-1, 1], cost: 0 });
  }
  return columns;
}

/** The restricted master LP over `patterns`. */
function masterModel(
  patterns: readonly Pattern[],
  form: PackingForm,
  exchanges: boolean,
  range?: { readonly min: number; readonly max: number },
): LinearModel {
  const rows = form.groups.map((g, i) => ({
    name: `g${i}`,
    terms: [] as { name: string; coef: number }[],
    lb: g.lots.length,
  }));
  const objective = patterns.map((p, j) => {
    for (const [g, k] of p) rows[g]!.terms.push({ name: `p${j}`, coef: k });
    return { name: `p${j}`, coef: patternCost(p, form) };
  });
  // Exchange columns (dual-optimal inequalities): a lot in a block may be swapped for a smaller
  // lot of its type, saving the size difference. They leave the LP value unchanged but keep
  // the duals ordered (π − a grows with size within a type), which speeds convergence.
  for (let g = 0; g + 1 < form.groups.length && exchanges; g++) {
    const big = form.groups[g]!;
    const small = form.groups[g + 1]!;
    if (big.type !== small.type) continue;
    rows[g]!.terms.push({ name: `x${g}`, coef: -1 });
    rows[g + 1]!.terms.push({ name: `x${g}`, coef: 1 });
    objective.push({ name: `x${g}`, coef: small.size - big.size });
  }
  if (!range) return { name: "master", sense: "min", objective, rows };
  // min ≤ Σλ ≤ max, with costly slacks so that the restricted master is always feasible.
  const penalty = 10 * (form.capacity + Math.abs(form.blockCost) + form.setup * form.types.length);
  const blocks = {
    name: "blocks",
    terms: [
      ...patterns.map((_, j) => ({ name: `p${j}`, coef: 1 })),
      { name: "short", coef: 1 },
      { name: "over", coef: -1 },
    ],
    lb: range.min,
    ub: range.max,
  };
  return {
    name: "master",
    sense: "min",
    objective: [...objective, { name: "short", coef: penalty }, { name: "over", coef: penalty }],
    rows: [...rows, blocks],
  };
}

/** A bound and whether the budget ended its computation early. */
export interface BudgetedBound {
  readonly lowerBoundHours: number;
  readonly stoppedByBudget: boolean;
  /**
   * When it split: schedules of fewer than `blocks` blocks are ≥ `fewer`, the others ≥ `more`
   * (so other bounds that grow with the block count can be taken per side).
   */
  readonly sides?: {
    readonly blocks: number;
    readonly fewer: number;
    readonly more: number;
    /** Each side's reduced-cost proof (holds for the schedules of that side), if it converged. */
    readonly fewerProof: ReducedCostProof | null;
    readonly moreProof: ReducedCostProof | null;
  };
}

/**
 * Strengthens a converged LP bound whose block count Σλ is fractional: a schedule has a whole
 * number of blocks, so it is ≤ ⌊Σλ⌋ or ≥ ⌈Σλ⌉, and min(bound of each side) is valid.
 * Returns the better of that and `first`'s bound; the first side gets half of `budgetMs`, the
 * second what is left.
 */
export async function blockSplitBound(
  lots: readonly Lot[],
  config: LineConfig,
  first: ColumnGenerationResult,
  opts: ColumnGenerationOptions,
): Promise<BudgetedBound> {
  const b = first.lpBlocks;
  const unsplit = { lowerBoundHours: first.lowerBoundHours, stoppedByBudget: false };
  if (!first.converged || Math.abs(b - Math.round(b)) < 1e-6 || opts.signal?.aborted) {
    return { ...unsplit, stoppedByBudget: first.stoppedByBudget };
  }
  if (opts.budgetMs <= 0) return { ...unsplit, stoppedByBudget: true };
  const budget = budgetOf(opts.budgetMs, opts.clock ?? wallClock);
  const fewer = await columnGenerationBound(lots, config, {
    ...opts,
    ...(first.form ? { form: first.form } : {}),
    budgetMs: opts.budgetMs / 2,
    blocks: { min: 1, max: Math.floor(b) },
  });
  const more = await columnGenerationBound(lots, config, {
    ...opts,
    ...(first.form ? { form: first.form } : {}),
    budgetMs: Math.max(0, msLeft(budget)),
    blocks: { min: Math.ceil(b), max: lots.length },
  });
  return {
    lowerBoundHours: Math.max(
      first.lowerBoundHours,
      Math.min(fewer.lowerBoundHours, more.lowerBoundHours),
    ),
    stoppedByBudget: fewer.stoppedByBudget || more.stoppedByBudget,
    sides: {
      blocks: Math.ceil(b),
      fewer: fewer.lowerBoundHours,
      more: more.lowerBoundHours,
      fewerProof: fewer.proof,
      moreProof: more.proof,
    },
  };
}
