/**
 * opt-pack: an anytime optimizer. Starts from the best of every registered heuristic and a few
 * type-aware bin-packing constructions, then improves the packing by block elimination (a pool
 * of pending lots, search/eliminate.ts) and late-acceptance local search with exact re-packs of
 * a few blocks, until the time limit, an iteration budget, or the lower bound is reached. Decisions depend only on the seed and the iteration count, so a
 * run bounded by `maxIterations` (not cut short by the clock) is reproducible.
 */
import type { LineConfig, Lot, Plan, SolveStatus } from "../model.ts";
import { haltSignal, type Strategy, type StrategyInput, type StrategyOutput } from "../registry.ts";
import { changeoverHours, fillHours } from "../rules.ts";
import { groupTypesInBlocks } from "../planner.ts";
import { CancelledError } from "../errors.ts";
import { type Phase, rateLimited } from "../progress.ts";
import { heuristicStarts, incumbentTracker } from "./_optimizer.ts";
import { continuousBound } from "../bounds/continuous.ts";
import { largeLotsBound, largeLotsMs } from "../bounds/large_lots.ts";
import { computeLowerBound, lpDive } from "../bounds/mod.ts";
import { type Instance, makeInstance } from "../packing/mod.ts";
import { PackState } from "../search/state.ts";
import { constructions } from "../search/construct.ts";
import { roomFillMs } from "../search/room_fill.ts";
import { improve } from "../search/local_search.ts";
import { eliminateBlocks } from "../search/eliminate.ts";
import { Rng } from "../search/_rng.ts";

/** Share of the time limit the heuristics may use before the rest are skipped. */
const HEURISTIC_SHARE = 0.3;
/** Share of the time limit given to a stronger lower bound. */
const BOUND_SHARE = 0.2;
/**
 * Share of the time left for block elimination: nearly all of it when types cost nothing
 * (plain bin packing, where only blocks count), less when type slots matter too (the local
 * search, which weighs both, gets the rest).
 */
const ELIMINATE_SHARE_PLAIN = 0.8;
const ELIMINATE_SHARE = 0.25;
/** Share of the time left for a local search between two eliminations (plain bin packing). */
const SEARCH_SHARE_PLAIN = 0.4;
/** Share of the search time for the first local search when types matter. */
const SEARCH_SHARE = 0.6;
/** Below this much time left, ms, the local search takes it all. */
const MIN_ROUND_MS = 100;
const EPS = 1e-6;
/**
 * Largest input for which the stronger (column-generation) bound is tried first. Measured
 * here, it rarely finished within 20 % of a 2 s limit beyond ~100 lots (its LP step cannot be
 * interrupted and overran a 0.4 s budget by up to 0.3 s at 500 lots and by seconds at 2,000+),
 * so larger inputs keep that time for the search; callers wanting a strong bound on them ask
 * runSchedule for one (boundBudgetMs).
 */
const STRONG_BOUND_MAX_LOTS = 100;

/**
 * Plain bin packing: share of the time left for a first elimination, before the LP dive, and
 * the dive's share of the time limit (it gives up past it), and the most lots it is tried on.
 */
const FIRST_ELIMINATE_SHARE = 0.3;
const DIVE_SHARE = 0.35;
const DIVE_MAX_LOTS = 2000;

/** Tolerance of the final capacity re-check, hours. */
const CHECK_TOL = 1e-7;

/** Whether every block of `plan` (types grouped) fits the window, recomputed from the rules. */
function planFits(plan: Plan, config: LineConfig): boolean {
  return plan.every((block) => {
    let used = 0;
    block.forEach((lot, k) => {
      used += fillHours(lot, config);
      used += changeoverHours(k > 0 ? block[k - 1]!.type : null, lot.type, config);
    });
    return used <= config.windowHours + CHECK_TOL;
  });
}

/** Builds the strategy, starting from the best of `heuristics` and its own constructions. */
export function createOptPack(heuristics: readonly Strategy[]): Strategy {
  return {
    name: "opt-pack",
    aliases: ["opt", "optimize"],
    description:
      "Anytime optimizer: best heuristic start, then local search with exact block re-packs, " +
      "until the time limit or the lower bound.",
    kind: "optimizer",
    options: [
      {
        name: "timeLimitSec",
        type: "number",
        default: 2,
        min: 0,
        max: 3600,
        description: "Seconds to search (the run stops earlier at the lower bound).",
      },
      {
        name: "seed",
        type: "integer",
        default: 1,
        min: 0,
        max: 2_147_483_647,
        description:
          "Random seed; the same seed, lots and maxIterations give the same plan (unless the time limit cuts the run short).",
      },
      {
        name: "maxIterations",
        type: "integer",
        default: 0,
        min: 0,
        max: 1_000_000_000,
        description: "Stop after this many search iterations (0 = only the time limit).",
      },
      {
        name: "lnsBlocks",
        type: "integer",
        default: 3,
        min: 2,
        max: 6,
        description: "Blocks taken out and re-packed exactly per large-neighbourhood move.",
      },
    ],
    run: (input) => runOptPack(input, heuristics),
  };
}

async function runOptPack(
  input: StrategyInput,
  heuristics: readonly Strategy[],
): Promise<StrategyOutput> {
  const { lots, config, signal } = input;
  const opts = input.options as {
    timeLimitSec: number;
    seed: number;
    maxIterations: number;
    lnsBlocks: number;
  };
  const now = () => performance.now();
  const t0 = now();
  const limitMs = opts.timeLimitSec * 1000;
  const deadline = t0 + limitMs;
  const progress = rateLimited(input.onProgress ?? (() => {}));
  const tracker = incumbentTracker(progress.emit, t0);
  const checkCancel = () => {
    if (signal?.aborted) throw new CancelledError();
  };
  // Stopped early: no new starting point, bound or search; the best plan so far is the result.
  const stopped = () => input.stop?.aborted === true;
  checkCancel();
  if (lots.length === 0) return { plan: [], status: "optimal" };

  const inst = makeInstance(lots, config);
  let lb = continuousBound(lots, config);
  let boundMethod = "continuous";
  // The large-lots bound costs a sort of the lots: taken whenever it fits the bound's share.
  if (largeLotsMs(lots.length) <= limitMs * BOUND_SHARE) {
    const large = largeLotsBound(lots, config);
    if (large > lb) [lb, boundMethod] = [large, "large-lots"];
  }
  let incumbent = Infinity;
  let bestBlocks: number[][] = [];
  const emit = (phase: Phase, message: string, percent?: number) => {
    const elapsedMs = now() - t0;
    tracker.update(phase, message, {
      incumbent,
      bound: lb,
      percent: percent ?? Math.min(100, limitMs > 0 ? (elapsedMs / limitMs) * 100 : 100),
    });
  };
  // The last starting point's time (a heuristic or a construction, with its evaluation): a
  // start is not begun when one like it would run past the deadline, less the time to finish.
  let lastStartMs = 0;
  const room = () => deadline - finishMs() - now();
  // Turning the best packing into a plan is O(n) like one evaluation; three times that is
  // reserved (the machine's load and garbage collection make the finish vary).
  let evalMs = 0;
  const finishMs = () => 3 * evalMs;
  const consider = (blocks: number[][], name: string) => {
    const tEval = now();
    const st = PackState.fromBlocks(inst, blocks);
    evalMs = Math.max(evalMs, now() - tEval);
    const ms = st.makespan();
    if (ms < incumbent - EPS) {
      incumbent = ms;
      bestBlocks = blocks;
      emit("constructing", `${name}: ${ms.toFixed(3)} h`);
    }
  };

  // 1. Starting points: our first construction (room filling: O(n log n), and at scale the
  // strongest, so slow heuristics never crowd it out), every heuristic while time allows, then
  // the other constructions.
  const index = new Map(lots.map((l, i) => [l.id, i]));
  const built = constructions(inst);
  const construct = (): boolean => {
    const tStart = now();
    const c = built.next();
    if (c.done) return false;
    consider(c.value.blocks, c.value.name);
    lastStartMs = now() - tStart;
    return true;
  };
  // Unless the time limit is too short for it: then the cheapest heuristic comes first.
  if (roomFillMs(lots.length) <= limitMs * HEURISTIC_SHARE) construct();
  const more = () => {
    checkCancel();
    if (bestBlocks.length && stopped()) return false;
    return !bestBlocks.length || (now() - t0 <= limitMs * HEURISTIC_SHARE && lastStartMs <= room());
  };
  for await (const h of heuristicStarts(heuristics, lots, config, more)) {
    const tEval = now();
    consider(h.plan.map((b) => b.map((l) => index.get(l.id)!)), h.name);
    lastStartMs = h.ms + (now() - tEval);
  }
  while (!bestBlocks.length || (lastStartMs <= room() && !stopped())) {
    if (!construct()) break;
  }
  checkCancel();

  // 2. A stronger bound, if the gap is open and the budget allows.
  const atBound = () => incumbent <= lb * (1 + 1e-12) + EPS;
  const strong = limitMs > 0 && lots.length <= STRONG_BOUND_MAX_LOTS;
  /** The strong bound within `budgetMs`, with the incumbent to prove (or a better one it meets). */
  const strongBound = async (budgetMs: number) => {
    emit("bounding", "computing a lower bound");
    // upperBoundHours lets column generation prune early (ignored by bounds that do not use it).
    const halt = haltSignal(input);
    const boundOptions = {
      budgetMs,
      upperBoundHours: incumbent,
      incumbent: bestBlocks.map((b) => b.map((i) => lots[i]!)),
      ...(halt ? { signal: halt } : {}),
    };
    const b = await computeLowerBound(lots, config, boundOptions);
    checkCancel();
    // Proving the incumbent optimal, the bound may have met a better schedule instead.
    if (b.better) consider(b.better.map((block) => block.map((l) => index.get(l.id)!)), "bound");
    if (b.lowerBoundHours > lb) {
      lb = b.lowerBoundHours;
      boundMethod = b.method;
    }
    emit("bounding", `lower bound ${lb.toFixed(3)} h (${boundMethod})`);
  };
  if (strong && !atBound() && !stopped()) {
    await strongBound(Math.max(0, Math.min(limitMs * BOUND_SHARE, deadline - now())));
  }

  // 3. Block elimination and local search. When types cost nothing (plain bin packing, where
  // only blocks count) elimination leads and the two take turns, each search rearranging what
  // the next elimination starts from. With types the local search leads (a packing with fewer
  // blocks but types spread over them can be a worse place to search from), elimination tries
  // its best packing, and the search ends from the best of both.
  const minBlocks = fewestBlocks(inst, lb);
  const plain = inst.setupHours === 0;
  const rng = new Rng(opts.seed);
  let status: SolveStatus = "optimal";
  const searchLeft = () => Math.max(0, deadline - finishMs() - now());
  const eliminate = (share: number) => {
    if (bestBlocks.length <= minBlocks || limitMs <= 0) return;
    emit("improving", "eliminating blocks");
    const halt = haltSignal(input);
    eliminateBlocks(inst, bestBlocks, {
      rng,
      deadline: now() + searchLeft() * share,
      now,
      minBlocks,
      maxSteps: opts.maxIterations,
      ...(halt ? { signal: halt } : {}),
      onImproved: (blocks) => consider(blocks, `${blocks.length} blocks`),
    });
    checkCancel();
  };
  /** A local search from the best packing until `until` (ms); false when it was halted. */
  const search = async (until: number, round: number): Promise<boolean> => {
    const st = PackState.fromBlocks(inst, bestBlocks);
    emit("improving", "local search");
    let lastYield = now();
    const result = await improve(st, {
      seed: opts.seed + round,
      maxIterations: opts.maxIterations,
      deadline: until,
      targetCost: lb - inst.base,
      lnsBlocks: opts.lnsBlocks,
      now,
      ...(signal ? { signal } : {}),
      ...(input.stop ? { halt: input.stop } : {}),
      onTick: async (bestCost, iterations) => {
        const ms = inst.base + bestCost;
        if (ms < incumbent) incumbent = ms;
        emit("improving", `iteration ${iterations}: ${incumbent.toFixed(3)} h`);
        // Yield now and then so an abort (or a progress consumer) gets its turn.
        if (now() - lastYield > 50) {
          await new Promise((r) => setTimeout(r, 0));
          lastYield = now();
        }
      },
    });
    if (result.stop === "aborted") throw new CancelledError();
    // The search starts from bestBlocks, so its best is never worse; ticks may already have
    // reported it as the incumbent.
    bestBlocks = result.best;
    incumbent = Math.min(incumbent, inst.base + result.bestCost);
    status = atBound()
      ? "optimal"
      : result.stop === "iterations" || result.stop === "target"
      ? "feasible"
      : "time_limit";
    return result.stop !== "halted";
  };
  const end = () => deadline - finishMs();
  // The run marks a search the user stopped; here it is one cut short like by the time limit.
  const cut = () => {
    if (!atBound() && stopped()) status = "time_limit";
    return atBound() || stopped();
  };
  // A packing read off the pattern LP by diving (bounds/lp_dive.ts), tried once when a first
  // short elimination has not reached the bound: it finds the optimum on instances where the
  // search stays a block above it.
  const dive = async () => {
    const budgetMs = Math.min(limitMs * DIVE_SHARE, searchLeft());
    const halt = haltSignal(input);
    const blocks = await lpDive(lots, config, {
      budgetMs,
      cutoffHours: incumbent,
      ...(halt ? { signal: halt } : {}),
    });
    checkCancel();
    if (blocks) consider(blocks.map((block) => block.map((l) => index.get(l.id)!)), "LP dive");
  };
  const diving = plain && opts.maxIterations === 0 && lots.length <= DIVE_MAX_LOTS;
  if (plain) {
    for (let round = 0; !cut() && (round === 0 || searchLeft() > 0); round++) {
      if (round === 0 && diving) {
        eliminate(FIRST_ELIMINATE_SHARE);
        if (cut()) break;
        await dive();
        if (cut()) break;
      }
      eliminate(ELIMINATE_SHARE_PLAIN);
      if (cut()) break;
      const last = opts.maxIterations > 0 || searchLeft() < MIN_ROUND_MS;
      const until = last ? end() : now() + searchLeft() * SEARCH_SHARE_PLAIN;
      if (!(await search(until, round)) || last) break;
    }
  } else if (!cut()) {
    const until = opts.maxIterations > 0 ? end() : now() + searchLeft() * SEARCH_SHARE;
    if (await search(until, 0) && !cut()) {
      // The bound again, from the better incumbent: nearer the LP, its search over partitions
      // may now prove it, or meet a better plan (a time-driven run only: it takes the clock's
      // share, not an iteration count).
      if (strong && opts.maxIterations === 0) {
        await strongBound(Math.min(limitMs * BOUND_SHARE, searchLeft() / 2));
        if (atBound()) status = "optimal";
      }
      if (!cut()) eliminate(ELIMINATE_SHARE);
      if (!cut() && searchLeft() > 0) await search(end(), 1);
    }
  }
  const plan = toPlan(lots, bestBlocks);
  if (!planFits(plan, config)) {
    // Never expected; keeps a rounding surprise from ever producing an invalid schedule.
    throw new Error("opt-pack produced a block over the window");
  }
  emit("improving", `done: ${incumbent.toFixed(3)} h`, 100);
  progress.flush();
  return { plan, status, lowerBoundHours: lb, boundMethod };
}

/**
 * The fewest blocks any packing can have: every lot and one setup per type fill whole blocks;
 * when type slots cost nothing, the bound counts blocks alone.
 */
function fewestBlocks(inst: Instance, lb: number): number {
  let total = inst.setup * inst.nTypes;
  for (let i = 0; i < inst.n; i++) total += inst.size[i]!;
  const byRoom = Math.ceil(total / inst.capacity - 1e-9);
  const byBound = inst.setupHours === 0 && inst.blockCost > 0
    ? Math.ceil((lb - inst.base) / inst.blockCost - 1e-6)
    : 0;
  return Math.max(1, byRoom, byBound);
}

/** Lots of each block in input order, then grouped by type (first-seen type first). */
function toPlan(lots: readonly Lot[], blocks: readonly (readonly number[])[]): Plan {
  return groupTypesInBlocks(
    blocks.map((b) => Array.from(Int32Array.from(b).sort(), (i) => lots[i]!)),
  );
}
