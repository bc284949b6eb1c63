/**
 * Re-sequencing a strategy's plan for what the run optimizes, after the strategy has packed it:
 * with a calendar, block orders that waste less time around downtimes; with due dates, orders
 * (and, within the makespan allowed, lot moves) that lower the weighted tardiness. Strategies pack
 * blocks without knowing either, so every strategy gets the same treatment here.
 */
import type { Downtime, LineConfig, Lot, Objective, Plan } from "./model.ts";
import { changeoverHours, fillHours, fitsWindow } from "./rules.ts";
import { groupTypesInBlocks, timePlan } from "./planner.ts";
import { dueHours, priorityOf } from "./due.ts";
import { Rng } from "./search/_rng.ts";
import { budgetOf, spentEvery, subBudget } from "./budget.ts";

export interface SequencingInput {
  readonly config: LineConfig;
  readonly downtimes: readonly Downtime[];
  readonly objective: Objective;
  /** For `tardiness`: how far the makespan may exceed the plan's, percent. */
  readonly makespanTolerancePct: number;
  readonly startMs: number;
  /** Time the search may take, ms; it stops earlier when no move helps any more. */
  readonly budgetMs: number;
  readonly signal?: AbortSignal;
  readonly seed?: number;
  /** The first blocks stay exactly as they are (a re-plan's frozen prefix). */
  readonly fixedBlocks?: number;
}

/** A plan's makespan and weighted tardiness. */
export interface PlanScore {
  readonly makespanHours: number;
  readonly weightedTardinessHours: number;
}

const EPS = 1e-9;

/** Makespan and weighted tardiness of `plan` as timed around `downtimes`. */
export function scorePlan(
  plan: Plan,
  config: LineConfig,
  downtimes: readonly Downtime[],
  due: ReadonlyMap<string, { dueH: number; weight: number }>,
): PlanScore {
  let t = 0, wt = 0;
  for (const b of timePlan(plan, config, downtimes)) {
    t = b.startH + config.cleanHours;
    let prev: string | null = null;
    for (const lot of b.lots) {
      t += changeoverHours(prev, lot.type, config) + fillHours(lot, config);
      prev = lot.type;
      const d = due.get(lot.id);
      if (d && t > d.dueH + EPS) wt += d.weight * (t - d.dueH);
    }
  }
  return { makespanHours: t, weightedTardinessHours: wt };
}

/** Fill and changeover hours of a block in its order. */
function usedHours(block: readonly Lot[], config: LineConfig): number {
  let used = 0, prev: string | null = null;
  for (const lot of block) {
    used += changeoverHours(prev, lot.type, config) + fillHours(lot, config);
    prev = lot.type;
  }
  return used;
}

/** Earliest due (hours), Infinity without one: the key of every due-date ordering. */
type DueKey = (lot: Lot) => number;

/** A block with the lots of each type together, in first-seen type order. */
function groupTypes(block: readonly Lot[]): Lot[] {
  return [...groupTypesInBlocks([block])[0]!];
}

/** A block with its types grouped, groups and the lots inside them in due-date order. */
function eddBlock(block: readonly Lot[], key: DueKey): Lot[] {
  const groups = new Map<string, Lot[]>();
  for (const lot of block) {
    const g = groups.get(lot.type);
    if (g) g.push(lot);
    else groups.set(lot.type, [lot]);
  }
  const sorted = [...groups.values()].map((g) => [...g].sort((a, b) => key(a) - key(b)));
  sorted.sort((a, b) => key(a[0]!) - key(b[0]!));
  return sorted.flat();
}

/**
 * The plan re-sequenced for `objective` (never worse than `plan` by it): first, with downtimes,
 * the block order with the smallest makespan found; then for a tardiness objective the smallest
 * weighted tardiness whose makespan stays within the limit (the makespan found for
 * `makespan-then-tardiness`, that plus the tolerance for `tardiness`).
 */
export function sequenceForObjective(plan: Plan, input: SequencingInput): Plan {
  const { config, downtimes, objective } = input;
  const tardy = objective !== "makespan";
  if (!downtimes.length && !tardy) return plan;
  const due = new Map<string, { dueH: number; weight: number }>();
  for (const block of plan) {
    for (const lot of block) {
      const dueH = dueHours(lot, input.startMs);
      if (dueH !== null) due.set(lot.id, { dueH, weight: priorityOf(lot) });
    }
  }
  const key: DueKey = (lot) => due.get(lot.id)?.dueH ?? Infinity;
  const score = (p: Plan) => scorePlan(p, config, downtimes, due);
  const budget = budgetOf(input.budgetMs);
  let over = spentEvery(budget, 1);
  const rng = new Rng(input.seed ?? 1);
  // Moves see only the blocks after the fixed ones; scores time the whole plan.
  const fixed = Math.min(input.fixedBlocks ?? 0, plan.length);
  let best = plan.map((b) => [...b]);
  let bestScore = score(best);

  const search = (better: (s: PlanScore) => boolean, moves: Move[]) => {
    const fails = 200 + 20 * best.length;
    for (let miss = 0; miss < fails && !over() && !input.signal?.aborted; miss++) {
      const moved = moves[rng.int(moves.length)]!(best.slice(fixed), rng, config);
      const next = moved && (fixed ? [...best.slice(0, fixed), ...moved] : moved);
      if (!next) continue;
      const s = score(next);
      if (!better(s)) continue;
      [best, bestScore, miss] = [next, s, -1];
    }
  };

  if (downtimes.length && !fixed) {
    // Two starts, half the time each: the strategy's plan, and its lots packed into the free time.
    const shorter = (s: PlanScore) => s.makespanHours < bestScore.makespanHours - EPS;
    const descend = () => {
      search(shorter, [swapBlocks, moveBlock]);
      search(shorter, [
        swapBlocks,
        moveBlock,
        relocateLot,
        lotToNewBlock,
        swapSameType,
        splitBlock,
        mergeBlocks,
      ]);
    };
    const packed = packIntoFreeTime(best, config, downtimes);
    over = spentEvery(subBudget(budget, input.budgetMs / 2), 1);
    descend();
    const [first, firstScore] = [best, bestScore];
    [best, bestScore] = [packed, score(packed)];
    over = spentEvery(budget, 1);
    descend();
    if (firstScore.makespanHours <= bestScore.makespanHours) {
      [best, bestScore] = [first, firstScore];
    }
  }
  if (!tardy || !due.size) return best;
  const makespan = bestScore.makespanHours;
  const within = (limit: number) => (s: PlanScore) =>
    s.makespanHours <= limit + EPS &&
    (s.weightedTardinessHours < bestScore.weightedTardinessHours - EPS ||
      (s.weightedTardinessHours <= bestScore.weightedTardinessHours + EPS &&
        s.makespanHours < bestScore.makespanHours - EPS));
  const head = best.slice(0, fixed);
  const inBlocks = best.slice(fixed).map((b) => eddBlock(b, key));
  const ordered = [...inBlocks].sort((a, b) => Math.min(...a.map(key)) - Math.min(...b.map(key)));
  for (const candidate of [[...head, ...inBlocks], [...head, ...ordered]]) {
    const s = score(candidate);
    if (within(makespan)(s)) [best, bestScore] = [candidate, s];
  }
  // Within the makespan first; the tolerance objective then goes on from there with room to trade.
  search(within(makespan), [swapBlocks, moveBlock, swapSameType, relocateLot]);
  if (objective === "tardiness" && input.makespanTolerancePct > 0) {
    search(within(makespan * (1 + input.makespanTolerancePct / 100)), [
      swapBlocks,
      moveBlock,
      swapSameType,
      relocateLot,
      lotToNewBlock,
    ]);
  }
  return best;
}

/**
 * The plan's lots re-packed into the free time between downtimes: from the start, each stretch
 * up to the next downtime gets blocks of the longest lots that fit it whole (first fit
 * decreasing, types grouped) while one more fits, a stretch too short for any lot is skipped;
 * after the last downtime the plan's own blocks follow with the lots not yet placed.
 */
export function packIntoFreeTime(
  plan: Plan,
  config: LineConfig,
  downtimes: readonly Downtime[],
): Lot[][] {
  // Lots left, shortest fill first, so the longest that fits is found by binary search.
  const left = plan.flat().sort((a, b) => fillHours(a, config) - fillHours(b, config));
  const fills = left.map((l) => fillHours(l, config));
  const placed = new Set<Lot>();
  const largestAtMost = (x: number) => {
    let lo = 0, hi = fills.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (fills[mid]! <= x + EPS) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  };
  const out: Lot[][] = [];
  let t = 0;
  for (const d of downtimes) {
    if (!left.length) break;
    if (d.endH <= t) continue;
    // Blocks while the stretch before this downtime holds one more.
    for (;;) {
      const room = Math.min(config.windowHours, d.startH - t - config.cleanHours);
      const block: Lot[] = [];
      const types = new Set<string>();
      let used = 0;
      for (;;) {
        const free = room - used;
        const start = largestAtMost(free - (types.size ? config.chgSameHours : 0));
        let pick = -1;
        // The longest few that fit by fill; the first whose changeover fits too is taken.
        for (let k = start; k >= 0 && k > start - 64; k--) {
          const lot = left[k]!;
          const chg = !types.size
            ? 0
            : types.has(lot.type)
            ? config.chgSameHours
            : config.chgDiffHours;
          if (fills[k]! + chg <= free + EPS) {
            pick = k;
            used += fills[k]! + chg;
            break;
          }
        }
        if (pick < 0) break;
        const [lot] = left.splice(pick, 1);
        fills.splice(pick, 1);
        types.add(lot!.type);
        block.push(lot!);
        placed.add(lot!);
      }
      if (!block.length) break;
      const grouped = groupTypes(block);
      out.push(grouped);
      t += config.cleanHours + usedHours(grouped, config);
    }
    t = Math.max(t, d.endH);
  }
  for (const b of plan) {
    const rest = b.filter((l) => !placed.has(l));
    if (rest.length) out.push(rest);
  }
  return out;
}

/** A random change of a plan (a new plan; the old one is untouched), or null when none applies. */
type Move = (plan: readonly Lot[][], rng: Rng, config: LineConfig) => Lot[][] | null;

const swapBlocks: Move = (plan, rng) => {
  if (plan.length < 2) return null;
  const i = rng.int(plan.length), j = rng.int(plan.length);
  if (i === j) return null;
  const next = [...plan];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
};

const moveBlock: Move = (plan, rng) => {
  if (plan.length < 2) return null;
  const i = rng.int(plan.length), j = rng.int(plan.length);
  if (i === j) return null;
  const next = [...plan];
  const [b] = next.splice(i, 1);
  next.splice(j, 0, b!);
  return next;
};

/** Two lots of one type trade places (in one block or two), if both blocks still fit. */
const swapSameType: Move = (plan, rng, config) => {
  const bi = rng.int(plan.length), bj = rng.int(plan.length);
  const pi = rng.int(plan[bi]!.length), pj = rng.int(plan[bj]!.length);
  const a = plan[bi]![pi]!, b = plan[bj]![pj]!;
  if (!a || !b || a === b || a.type !== b.type) return null;
  const next = [...plan];
  next[bi] = [...plan[bi]!];
  if (bj !== bi) next[bj] = [...plan[bj]!];
  next[bi]![pi] = b;
  next[bj]![pj] = a;
  return fits(next[bi]!, config) && fits(next[bj]!, config) ? next : null;
};

/** A lot leaves its block for another, beside the lots of its type there (or at a group edge). */
const relocateLot: Move = (plan, rng, config) => {
  const bi = rng.int(plan.length), bj = rng.int(plan.length);
  if (bi === bj) return null;
  const pi = rng.int(plan[bi]!.length);
  const lot = plan[bi]![pi];
  if (!lot) return null;
  const target = [...plan[bj]!];
  const last = target.findLastIndex((l) => l.type === lot.type);
  if (last >= 0) target.splice(last + 1 - rng.int(2) * countRun(target, last), 0, lot);
  else target.splice(groupEdge(target, rng), 0, lot);
  if (!fits(target, config)) return null;
  const next = [...plan];
  next[bj] = target;
  const rest = plan[bi]!.filter((_, k) => k !== pi);
  if (rest.length) next[bi] = rest;
  else next.splice(bi, 1);
  return next;
};

/** A lot gets a block of its own somewhere (only the tolerance objective pays the extra CLEAN). */
const lotToNewBlock: Move = (plan, rng) => {
  const bi = rng.int(plan.length);
  if (plan[bi]!.length < 2) return null;
  const pi = rng.int(plan[bi]!.length);
  const lot = plan[bi]![pi]!;
  const next = [...plan];
  next[bi] = plan[bi]!.filter((_, k) => k !== pi);
  next.splice(rng.int(next.length + 1), 0, [lot]);
  return next;
};

/** A block cut in two at a random place: shorter blocks fit the free time between downtimes. */
const splitBlock: Move = (plan, rng) => {
  const bi = rng.int(plan.length);
  const block = plan[bi]!;
  if (block.length < 2) return null;
  const at = 1 + rng.int(block.length - 1);
  const next = [...plan];
  next.splice(bi, 1, block.slice(0, at), block.slice(at));
  return next;
};

/** Two blocks joined (types grouped), if the window holds them: one CLEAN fewer. */
const mergeBlocks: Move = (plan, rng, config) => {
  const bi = rng.int(plan.length), bj = rng.int(plan.length);
  if (bi === bj) return null;
  const joined = groupTypes([...plan[bi]!, ...plan[bj]!]);
  if (!fits(joined, config)) return null;
  const next = plan.filter((_, k) => k !== bj);
  next[next.indexOf(plan[bi]!)] = joined;
  return next;
};

/** Lots of the type at `last` in the run that ends there (so an insert can go before the run). */
function countRun(block: readonly Lot[], last: number): number {
  let k = last;
  while (k > 0 && block[k - 1]!.type === block[last]!.type) k--;
  return last + 1 - k;
}

/** A random position between two type groups of `block` (or its ends). */
function groupEdge(block: readonly Lot[], rng: Rng): number {
  const edges = [0];
  for (let k = 1; k < block.length; k++) if (block[k]!.type !== block[k - 1]!.type) edges.push(k);
  edges.push(block.length);
  return edges[rng.int(edges.length)]!;
}

function fits(block: readonly Lot[], config: LineConfig): boolean {
  return fitsWindow(0, usedHours(block, config), config);
}
