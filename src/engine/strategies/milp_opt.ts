/**
 * milp-opt: exact optimization with glpk.js under a time limit (about 340 lines: the three steps
 * below share one time budget and one incumbent, so they stay in one module).
 *
 * 1. Incumbent: the best of first fit by type, every registered heuristic and a short run of
 *    opt-pack.
 * 2. Bound: the continuous and column-generation bounds; an incumbent that meets it is optimal.
 *    Then a search over partitions from the LP (bounds/partition_search.ts), which proves the
 *    incumbent or meets better plans when the LP is a few lattice steps below it.
 * 3. MILP (milp/model.ts) with the incumbent as cutoff (only strictly better schedules are
 *    feasible), solved in a Worker. "Infeasible" then proves the incumbent optimal.
 * The plan returned is always a valid schedule: the MILP's, or the incumbent when the MILP found
 * nothing better in time.
 */
import type { Lot, Plan } from "../model.ts";
import {
  haltSignal,
  resolveOptions,
  type Strategy,
  type StrategyInput,
  type StrategyOutput,
} from "../registry.ts";
import { CancelledError, InputError } from "../errors.ts";
import { groupTypesInBlocks, planActivities, planMakespan } from "../planner.ts";
import { computeKpis } from "../kpis.ts";
import { validateSchedule } from "../validate.ts";
import {
  firstFitByType,
  fitsBlock,
  groupBlocksToPlan,
  type PackingForm,
  packingForm,
  roundUpToLattice,
} from "../packing/mod.ts";
import { blockSplitBound, columnGenerationBound } from "../bounds/column_generation.ts";
import { continuousBound } from "../bounds/continuous.ts";
import { patternsWithin, searchBelow } from "../bounds/partition_search.ts";
import { milpModelSize } from "../milp/model.ts";
import { specValue } from "../milp/spec.ts";
import type { MilpSpec } from "../milp/worker_protocol.ts";
import { parseMipLog, solveInWorker } from "../milp/run_worker.ts";
import { type Budget, budgetOf, msLeft, subBudget } from "../budget.ts";
import { packInOrder } from "./given_order.ts";
import type { LineConfig } from "../model.ts";
import { heuristicStarts, incumbentTracker } from "./_optimizer.ts";

const NAME = "milp-opt";

/** Share of the time limit the column-generation bound may use before the MILP starts. */
const BOUND_SHARE = 0.1;
/** Share of the time limit after which no further heuristic is started for the incumbent. */
const HEURISTIC_SHARE = 0.3;
/**
 * Share of the time limit the anytime search (opt-pack) may take, within the heuristics' share, to
 * improve the incumbent: the MILP's cutoff and the partition search start from a plan a few
 * lattice steps nearer the optimum (heuristics' plans left 100–200-lot files open at 60 s that
 * opt-pack reaches in 2 s). Below SEARCH_MIN_MS it is not started.
 */
const SEARCH_SHARE = 0.1;
const SEARCH_MIN_MS = 200;
/**
 * Building a compact model and handing it to GLPK took about 2 µs per non-zero each (a
 * 1,000-lot input: 1.3 M non-zeros, 2.4 s to build); a model that cannot be built in the time
 * left is not started. Above MAX_NONZEROS it is never built: its memory alone would be a risk
 * and GLPK could not solve it anyway.
 */
const BUILD_MS_PER_NONZERO = 0.004;
const MAX_NONZEROS = 4_000_000;

/**
 * Time milp-opt needs before it can return anything: the packing form, first fit, the given
 * order and checking the pick, about 10 µs per lot (measured on 10,000–20,000 lots: 0.1–0.2 s),
 * doubled for a loaded machine.
 */
const MS_PER_LOT_FLOOR = 0.02;
function minimumTimeMs(lots: number): number {
  return lots * MS_PER_LOT_FLOOR;
}

/** The makespan of a plan, or null when it is not a valid schedule of `lots`. */
function validMakespan(plan: Plan, lots: readonly Lot[], config: LineConfig): number | null {
  const activities = planActivities(plan, config);
  if (validateSchedule(lots, activities, config).length) return null;
  return computeKpis(activities, config).makespanHours;
}

/**
 * The best plan among first fit by type, the given order, every registered heuristic that can
 * still start before `heuristicsEnd` (each is expected to take as long as the slowest so far) and
 * the anytime search for at most `searchMs` of what is left.
 */
async function bestHeuristic(
  input: StrategyInput,
  form: PackingForm,
  starts: { heuristics: readonly Strategy[]; search?: Strategy; searchMs: number },
  heuristicsEnd: Budget,
) {
  const { lots, config } = input;
  const candidates: { plan: Plan; source: string }[] = [
    { plan: groupBlocksToPlan(firstFitByType(form), form), source: "first fit by type" },
    { plan: packInOrder(lots, config), source: "given order" },
  ];
  let slowest = 0;
  const more = (lastMs: number) => {
    slowest = Math.max(slowest, lastMs);
    return !haltSignal(input)?.aborted && msLeft(heuristicsEnd) > 0 &&
      slowest <= msLeft(heuristicsEnd);
  };
  const chosen = input.options.heuristics ? starts.heuristics : [];
  for await (const h of heuristicStarts(chosen, lots, config, more)) {
    candidates.push({ plan: h.plan, source: h.name });
  }
  const searchMs = Math.min(msLeft(heuristicsEnd), starts.searchMs);
  if (
    starts.search && input.options.heuristics && searchMs >= SEARCH_MIN_MS &&
    !haltSignal(input)?.aborted
  ) {
    const { options } = resolveOptions(starts.search, { timeLimitSec: searchMs / 1000 });
    try {
      const out = await starts.search.run({
        lots,
        config,
        options,
        ...(input.signal ? { signal: input.signal } : {}),
        ...(input.stop ? { stop: input.stop } : {}),
      });
      candidates.push({ plan: out.plan, source: starts.search.name });
    } catch (e) {
      if (e instanceof CancelledError) throw e;
    }
  }
  // Ranked by makespan (cheap), earlier candidates first on ties; only the pick is validated
  // (building and checking every candidate's activities took 0.9 s on 20,000 lots).
  const ranked = candidates.map((c) => {
    const plan = groupTypesInBlocks(c.plan);
    return { plan, makespan: planMakespan(plan, config), source: c.source };
  });
  const byMakespan: typeof ranked = [];
  for (const c of ranked) {
    // The first candidate not beaten by 1e-9 h keeps its place ahead of near-ties after it.
    const at = byMakespan.findIndex((b) => c.makespan < b.makespan - 1e-9);
    if (at < 0) byMakespan.push(c);
    else byMakespan.splice(at, 0, c);
  }
  for (const c of byMakespan) {
    if (validMakespan(c.plan, lots, config) !== null) return c;
  }
  throw new Error("milp-opt: no starting plan is a valid schedule");
}

/**
 * Most lattice steps from the LP to the incumbent for which partitions are searched: more than
 * a bound's budget allows, as the heuristics' incumbent starts further off.
 */
const SEARCH_STEPS = 5;

/** Most patterns the exact pattern MILP may have; above it the compact model is used. */
const PATTERN_LIMIT = 30_000;

async function run(
  input: StrategyInput,
  heuristics: readonly Strategy[],
  search: Strategy | undefined,
): Promise<StrategyOutput> {
  const t0 = performance.now();
  const { lots, config } = input;
  // Cancel and stop both end the solve early; the run discards a cancelled result.
  const signal = haltSignal(input);
  const timeLimitSec = input.options.timeLimitSec as number;
  const maxLots = input.options.maxLots as number;
  const mipGap = input.options.mipGap as number;
  if (lots.length > maxLots) {
    throw new InputError("milp-opt cannot take this input", [{
      field: `strategyOptions.${NAME}.maxLots`,
      message: `milp-opt handles at most ${maxLots} lots (option maxLots), got ${lots.length}; ` +
        `use opt-pack for large inputs or raise maxLots`,
    }]);
  }
  const floorMs = minimumTimeMs(lots.length);
  if (timeLimitSec * 1000 < floorMs) {
    // Building and checking even one starting plan takes this long: a shorter limit could not
    // be kept, so it is refused up front rather than overrun.
    throw new InputError("milp-opt cannot keep this time limit", [{
      field: `strategyOptions.${NAME}.timeLimitSec`,
      message: `strategyOptions.${NAME}.timeLimitSec must be at least ${
        Math.ceil(floorMs) / 1000
      } for ${lots.length} lots (the time one starting plan takes), got ${timeLimitSec}`,
    }]);
  }
  const budget = budgetOf(timeLimitSec * 1000);
  const form = packingForm(lots, config);
  const tracker = incumbentTracker(input.onProgress, t0);
  const progress = {
    get bound() {
      return tracker.bound;
    },
    update: (message: string, next: { incumbent?: number; bound?: number }) =>
      tracker.update("solving", message, next),
  };
  let best = await bestHeuristic(
    input,
    form,
    { heuristics, ...(search ? { search } : {}), searchMs: timeLimitSec * 1000 * SEARCH_SHARE },
    budgetOf(timeLimitSec * 1000 * HEURISTIC_SHARE),
  );
  progress.update(`incumbent from ${best.source}`, { incumbent: best.makespan });
  const done = (
    plan: Plan,
    status: StrategyOutput["status"],
    lowerBoundHours: number,
  ): StrategyOutput => ({ plan, status, lowerBoundHours, boundMethod: "milp" });

  const cg = await columnGenerationBound(lots, config, {
    form,
    budgetMs: Math.max(0, Math.min(timeLimitSec * 1000 * BOUND_SHARE, msLeft(budget))),
    upperBoundHours: best.makespan,
    ...(signal ? { signal } : {}),
  });
  const split = await blockSplitBound(lots, config, cg, {
    budgetMs: Math.max(0, timeLimitSec * 1000 * BOUND_SHARE - (performance.now() - t0)),
    upperBoundHours: best.makespan,
    ...(signal ? { signal } : {}),
  });
  const lowerBound = Math.max(continuousBound(lots, config), split.lowerBoundHours);
  progress.update("lower bound", { bound: lowerBound });
  const scale = Math.max(1, best.makespan);
  if (best.makespan <= lowerBound + 1e-9 * scale) {
    return done(best.plan, "optimal", lowerBound);
  }
  if (signal?.aborted) return done(best.plan, "time_limit", lowerBound);
  // A search over partitions from the LP (each side of the split, or the whole LP) proves the
  // incumbent or meets better plans, often long before the MILP would (half the time left).
  const sides = split.sides;
  const parts = sides
    ? [{ hours: sides.fewer, proof: sides.fewerProof }, {
      hours: sides.more,
      proof: sides.moreProof,
    }]
    : [{ hours: lowerBound, proof: cg.proof }];
  const share = subBudget(budget, msLeft(budget) / 2);
  const searched = searchBelow(form, parts, best.makespan, share, signal, SEARCH_STEPS);
  if (searched.better) {
    const plan = groupTypesInBlocks(searched.better);
    const makespan = validMakespan(plan, lots, config);
    if (makespan !== null && makespan < best.makespan) {
      best = { plan, makespan, source: "partition search" };
      progress.update("partition search", { incumbent: makespan });
    }
  }
  if (searched.hours > 0 && searched.hours >= best.makespan - 1e-9 * scale) {
    progress.update("partition search proved the incumbent", { bound: searched.hours });
    return done(best.plan, "optimal", searched.hours);
  }

  // Only strictly better schedules: one lattice step lower when makespans lie on a lattice.
  const step = form.lattice > 0 ? form.lattice : 0;
  // Without a lattice, a relative 1e-6 keeps the cutoff clear of GLPK's tolerances.
  const cutoff = step > 0 ? best.makespan - step + 1e-6 * step : best.makespan - 1e-6 * scale;
  const proven = (message: string) => {
    // Nothing beats the incumbent by a lattice step, so (on the lattice) it is optimal; without
    // a lattice nothing is below the cutoff, less a margin for the solver's tolerance.
    const bound = step > 0 ? best.makespan : Math.max(lowerBound, cutoff - 1e-6 * scale);
    progress.update(message, { bound });
    return done(best.plan, step > 0 ? "optimal" : "feasible", bound);
  };
  // Every pattern a schedule under the cutoff may use (null: too many, or out of time).
  const exact = cg.proof ? patternsWithin(form, cg.proof, cutoff, PATTERN_LIMIT, budget) : null;
  if (exact && exact.length === 0) return proven("no pattern set can beat the incumbent");
  // Slots: an optimum better than the incumbent has makespan − base ≥ (u + e)·blocks.
  const perBlock = form.blockCost + form.setup;
  const slots = Math.max(
    1,
    perBlock > 0 ? Math.floor((best.makespan - form.base) / perBlock + 1e-9) : form.lotCount,
  );
  const spec: MilpSpec = exact
    ? { kind: "patterns", form, patterns: exact, cutoffHours: cutoff }
    : {
      kind: "compact",
      form,
      options: { blocks: slots, lowerBoundHours: lowerBound, cutoffHours: cutoff },
    };
  if (!exact) {
    // A model too big to build in the time left (or at all) is not started.
    const size = milpModelSize(form, slots);
    if (size > MAX_NONZEROS || size * BUILD_MS_PER_NONZERO > msLeft(budget)) {
      const why = size > MAX_NONZEROS ? "too large to solve" : "no time left to build it";
      progress.update(`MILP skipped (${size} non-zeros: ${why})`, {});
      return done(best.plan, "time_limit", Math.min(lowerBound, best.makespan));
    }
  }
  const remaining = msLeft(budget) / 1000;
  if (remaining <= 0) return done(best.plan, "time_limit", Math.min(lowerBound, best.makespan));
  const heartbeat = setInterval(() => progress.update("solving MILP", {}), 1000);
  let outcome;
  try {
    outcome = await solveInWorker(spec, {
      timeLimitSec: remaining,
      mipGap,
      ...(signal ? { signal } : {}),
      onLog: (line) => {
        const parsed = parseMipLog(line);
        if (!parsed) return;
        const inc = parsed.incumbent !== undefined ? specValue(spec, parsed.incumbent) : undefined;
        // GLPK's bound covers schedules under the cutoff; the rest are ≥ the incumbent.
        // A margin for the 10 digits GLPK prints before rounding up to the lattice.
        const bnd = parsed.bound !== undefined
          ? roundUpToLattice(specValue(spec, parsed.bound) * (1 - 1e-8), form)
          : undefined;
        progress.update("solving MILP", {
          ...(inc !== undefined ? { incumbent: inc } : {}),
          ...(bnd !== undefined ? { bound: bnd } : {}),
        });
      },
    });
  } finally {
    clearInterval(heartbeat);
  }
  const bound = Math.max(lowerBound, progress.bound);
  if (outcome.kind === "killed") {
    progress.update(`stopped (${outcome.reason})`, {});
    return done(best.plan, "time_limit", Math.min(bound, best.makespan));
  }
  const result = outcome.result;
  if (result.status === "infeasible") {
    if (result.definite) return proven("incumbent proven optimal");
    progress.update("MILP ended without a verdict", {});
    return done(best.plan, "feasible", Math.min(bound, best.makespan));
  }
  const blocks = result.blocks;
  const plan = groupBlocksToPlan(blocks, form);
  const fits = blocks.every((b) =>
    fitsBlock(
      b.reduce((s, g) => s + form.groups[g]!.size, 0),
      new Set(b.map((g) => form.groups[g]!.type)).size,
      form,
    )
  );
  const makespan = fits ? validMakespan(plan, lots, config) : null;
  if (makespan === null || makespan >= best.makespan) {
    // Should not happen (the cutoff keeps only better schedules); keep what is proven valid.
    return done(best.plan, result.status === "optimal" ? "feasible" : "time_limit", bound);
  }
  if (result.status === "optimal") {
    progress.update("MILP optimal", { incumbent: makespan, bound: makespan });
    return done(plan, "optimal", makespan);
  }
  progress.update(`MILP stopped (${result.status})`, { incumbent: makespan });
  return done(plan, result.status, Math.min(bound, makespan));
}

/** The milp-opt strategy (alias `milp`), starting from the best of `heuristics`. */
/**
 * milp-opt starting from the heuristics' best plan and, when given, the anytime search's (both
 * only with the option `heuristics`).
 */
export const createMilpOpt = (heuristics: readonly Strategy[], search?: Strategy): Strategy => ({
  name: NAME,
  aliases: ["milp"],
  description:
    "Exact block assignment with glpk.js (MILP in a worker) under a time limit; returns the best schedule found, its bound and whether it is proven optimal.",
  kind: "optimizer",
  options: [
    {
      name: "timeLimitSec",
      type: "number",
      default: 60,
      min: 0.1,
      max: 86_400,
      description: "Wall time limit in seconds (bound, MILP and incumbent search together).",
    },
    {
      name: "maxLots",
      type: "integer",
      default: 200,
      min: 1,
      max: 100_000,
      description: "Largest input accepted; use opt-pack above it.",
    },
    {
      name: "heuristics",
      type: "boolean",
      default: true,
      description:
        "Start from the best registered heuristic and opt-pack's plan (false: first fit by type and given order only).",
    },
    {
      name: "mipGap",
      type: "number",
      default: 0,
      min: 0,
      max: 1,
      description: "Relative gap at which the MILP may stop (0 = prove optimality).",
    },
  ],
  run: (input) => run(input, heuristics, search),
});
