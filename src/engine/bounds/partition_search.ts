/**
 * An exact answer to "is there a schedule of makespan ≤ cutoff?" for small instances, from a
 * converged column-generation LP: a depth-first search over set partitions of the lots into the
 * patterns such a schedule may use. With LP duals π (and μ), a schedule's makespan is
 * z + Σ its blocks' reduced costs, each ≥ rc_min, so only patterns of reduced cost ≤ δ qualify
 * (milp-opt's pattern MILP uses the same list). When a few lattice steps separate the LP from a
 * known plan, these are few, and the search below closes gaps the LP leaves open (its value is
 * often integral in blocks and type slots, so rounding proves nothing).
 *
 * The search covers the remaining group with the fewest candidate patterns first, and prunes a
 * node when (1) the reduced costs so far exceed δ, (2) its makespan so far plus a type-slot bound
 * on the lots left (as in large_lots.ts, per type: room, lots that cannot share, lots per block)
 * exceeds the cutoff, (3) the lots left were reached before with no more reduced cost, or (4) the
 * block just chosen could take one more of the lots left of a type it holds. (4) is safe because
 * moving that lot in from its later block never raises the makespan (the later block keeps or
 * loses its type slot, or vanishes, which saves blockCost + setup ≥ 0), so some schedule as good
 * as any has only such full blocks; that transformed schedule is no dearer, so its patterns are
 * within δ too.
 */
import type { Lot } from "../model.ts";
import { blocksCost, ceilCount, type PackingForm, roundUpToLattice } from "../packing/mod.ts";
import { type Budget, msLeft, spentEvery, subBudget } from "../budget.ts";
import { EPS_HOURS } from "../rules.ts";
import type { ReducedCostProof } from "./column_generation.ts";
import { enumeratePatterns } from "./pricing.ts";
import { lotsPerBin } from "./large_lots.ts";

/** Most patterns the search takes on (above, the list alone would cost too much). */
export const PARTITION_PATTERN_LIMIT = 20_000;
/** States remembered at most (then the search goes on without remembering more). */
const MEMO_LIMIT = 500_000;
/**
 * Search nodes between clock reads: few, as a node scans every candidate pattern of the groups
 * left (up to the pattern limit, about a millisecond), so the budget's slack holds.
 */
const NODES_PER_CHECK = 16;
/** Room a lot must clearly leave to call a block not full (hours; far above float noise). */
const FULL_MARGIN = 1e-7;

/**
 * Every pattern a schedule of makespan ≤ cutoff may use: a schedule's makespan is z + Σ its
 * blocks' reduced costs, each ≥ rc_min, over ≤ κ blocks, so each block's reduced cost is
 * ≤ δ = cutoff − z + κ·max(0, −rc_min). Null when there are more than `limit`, or when the
 * budget runs out first.
 */
export function patternsWithin(
  form: PackingForm,
  proof: ReducedCostProof,
  cutoff: number,
  limit: number,
  budget?: Budget,
): number[][] | null {
  const slack = proof.kappa * Math.max(0, -proof.reducedCostMin);
  const delta = cutoff - proof.dualValue + slack + 1e-7 * Math.max(1, Math.abs(cutoff));
  return enumeratePatterns(
    form,
    proof.duals,
    form.blockCost - proof.blockDual - delta,
    limit,
    budget,
  );
}

/**
 * "none": no schedule has makespan ≤ cutoff; "found": one has (its blocks, as group indices one
 * per lot); "unknown": out of time or room.
 */
export type PartitionAnswer =
  | { readonly kind: "none" }
  | { readonly kind: "unknown" }
  | { readonly kind: "found"; readonly blocks: readonly (readonly number[])[] };

const UNKNOWN: PartitionAnswer = { kind: "unknown" };

/**
 * Whether some schedule of the form's lots has makespan ≤ `cutoff` (hours), given an LP `proof`.
 * "found" is always a real schedule; "none" speaks for the schedules the proof holds for (after
 * a split on the block count, its side's). Needs blockCost ≥ 0 and setup ≥ 0 (else "unknown").
 */
export function searchPartitions(
  form: PackingForm,
  proof: ReducedCostProof,
  cutoff: number,
  budget: Budget,
  signal?: AbortSignal,
): PartitionAnswer {
  const { blockCost: u, setup: e, capacity } = form;
  if (u < 0 || e < 0) return UNKNOWN;
  const list = patternsWithin(form, proof, cutoff, PARTITION_PATTERN_LIMIT, budget);
  if (!list) return UNKNOWN;
  const G = form.groups.length;
  const T = form.types.length;
  const delta = cutoff - proof.dualValue + proof.kappa * Math.max(0, -proof.reducedCostMin) +
    1e-7 * Math.max(1, Math.abs(cutoff));
  // Per pattern: [group, count] pairs, reduced cost, makespan part beyond the sizes, room left.
  const pats = list.map((groups) => {
    const count = new Map<number, number>();
    for (const g of groups) count.set(g, (count.get(g) ?? 0) + 1);
    const types = [...new Set(groups.map((g) => form.groups[g]!.type))];
    let size = 0;
    let rc = u - proof.blockDual + e * types.length;
    for (const g of groups) {
      size += form.groups[g]!.size;
      rc += form.groups[g]!.size - proof.duals[g]!;
    }
    return {
      counts: [...count.entries()],
      rc,
      cost: u + e * types.length,
      room: capacity - size - e * types.length,
      types,
    };
  });
  const byGroup: number[][] = Array.from({ length: G }, () => []);
  pats.forEach((p, j) => {
    for (const [g] of p.counts) byGroup[g]!.push(j);
  });
  for (const l of byGroup) l.sort((a, b) => pats[a]!.rc - pats[b]!.rc);

  // What is left: lots per group, and per type its lots, room and lots above half a block.
  const rem = Int32Array.from(form.groups, (g) => g.lots.length);
  const typeRoom = capacity - e;
  const big = form.groups.map((g) => g.size > typeRoom / 2 + 1e-9 ? 1 : 0);
  const nT = new Int32Array(T);
  const bigT = new Int32Array(T);
  const sizeT = new Float64Array(T);
  const perBlock: number[] = [];
  const sizesOf: number[][] = form.types.map(() => []);
  form.groups.forEach((g, i) => {
    nT[g.type]! += g.lots.length;
    bigT[g.type]! += g.lots.length * big[i]!;
    sizeT[g.type]! += g.size * g.lots.length;
    for (const _ of g.lots) sizesOf[g.type]!.push(g.size);
  });
  // The most lots of a type one block holds: counted on all its lots, so valid for any subset.
  for (let t = 0; t < T; t++) {
    perBlock.push(lotsPerBin(sizesOf[t]!.sort((a, b) => a - b), typeRoom + EPS_HOURS));
  }
  // Groups of each type, smallest first: where a type's smallest lot left is found.
  const ascByType = form.types.map(() => [] as number[]);
  form.groups.forEach((g, i) => ascByType[g.type]!.push(i));
  for (const l of ascByType) l.sort((a, b) => form.groups[a]!.size - form.groups[b]!.size);

  let sizeLeft = form.base;
  let costSoFar = 0;
  const costCut = cutoff - form.base + 1e-7 * Math.max(1, Math.abs(cutoff));
  /** A lower bound on the makespan part (beyond sizes) of packing the lots left. */
  const restBound = () => {
    let slots = 0;
    for (let t = 0; t < T; t++) {
      if (nT[t]! === 0) continue;
      slots += Math.max(
        ceilCount(sizeT[t]! / typeRoom),
        bigT[t]!,
        ceilCount(nT[t]! / perBlock[t]!),
      );
    }
    if (slots === 0) return 0;
    const blocks = Math.max(1, ceilCount((sizeLeft + e * slots) / capacity));
    return u * blocks + e * Math.max(slots, blocks);
  };
  const apply = (j: number, sign: 1 | -1) => {
    const p = pats[j]!;
    for (const [g, k] of p.counts) {
      const t = form.groups[g]!.type;
      rem[g]! -= sign * k;
      nT[t]! -= sign * k;
      bigT[t]! -= sign * k * big[g]!;
      const s = sign * k * form.groups[g]!.size;
      sizeT[t]! -= s;
      sizeLeft -= s;
    }
    costSoFar += sign * p.cost;
  };
  const fits = (j: number) => pats[j]!.counts.every(([g, k]) => rem[g]! >= k);
  /** Whether the block of pattern j (already applied) could take a lot left of one of its types. */
  const notFull = (j: number) => {
    const p = pats[j]!;
    for (const t of p.types) {
      for (const g of ascByType[t]!) {
        if (rem[g]! > 0) {
          if (form.groups[g]!.size <= p.room - FULL_MARGIN) return true;
          break;
        }
      }
    }
    return false;
  };
  const memo = new Map<string, number>();
  // The patterns chosen on the current path: the partition when one is found.
  const path: number[] = [];
  const spentNow = spentEvery(budget, NODES_PER_CHECK);
  const outOfTime = () => spentNow() || signal?.aborted === true;
  let aborted = false;
  const dfs = (acc: number, left: number): boolean => {
    // A full partition: its makespan, not a bound on it, decides.
    if (left === 0) return costSoFar <= costCut;
    if (outOfTime()) {
      aborted = true;
      return false;
    }
    if (costSoFar + restBound() > costCut) return false;
    const key = String.fromCharCode(...rem);
    const seen = memo.get(key);
    if (seen !== undefined && seen <= acc) return false;
    if (seen !== undefined || memo.size < MEMO_LIMIT) memo.set(key, acc);
    // The group left with the fewest candidates; none means this branch is dead.
    let branch = -1;
    let fewest = Infinity;
    for (let g = 0; g < G; g++) {
      if (rem[g]! === 0) continue;
      let c = 0;
      for (const j of byGroup[g]!) {
        if (acc + pats[j]!.rc > delta) break;
        if (fits(j)) c++;
      }
      if (c === 0) return false;
      if (c < fewest) [fewest, branch] = [c, g];
    }
    for (const j of byGroup[branch]!) {
      const p = pats[j]!;
      if (acc + p.rc > delta) break;
      if (!fits(j)) continue;
      apply(j, 1);
      path.push(j);
      const found = !notFull(j) &&
        dfs(acc + p.rc, left - p.counts.reduce((s, [, k]) => s + k, 0));
      // Found: the path is the partition and the search ends (the state is not needed).
      if (found) return true;
      path.pop();
      apply(j, -1);
      if (aborted) return false;
    }
    return false;
  };
  if (dfs(0, form.lotCount)) return { kind: "found", blocks: path.map((j) => list[j]!) };
  return aborted ? UNKNOWN : { kind: "none" };
}

/**
 * Most lattice steps between the LP value and the cutoff for which partitions are searched
 * within a bound's budget (beyond, the patterns are rarely few enough).
 */
const PARTITION_MAX_STEPS = 2;

/** Schedules the LP `proof` holds for (one side of a split, or all), with their bound. */
export interface Part {
  readonly hours: number;
  readonly proof: ReducedCostProof | null;
}

/**
 * Searches the parts' partitions below the known makespan `upper`: each schedule met a lattice
 * step or more below is the next one to beat (`better`), until no part has one (`hours`: that
 * makespan; 0 when nothing was proven). A part whose bound reaches the target has none. With a
 * split both sides are searched, which keeps it exact: a block made fuller may take a schedule
 * out of the 'more' side's range, but only into the 'fewer' side's.
 */
export function searchBelow(
  form: PackingForm | null,
  parts: readonly Part[],
  upper: number | undefined,
  budget: Budget,
  signal: AbortSignal | undefined,
  maxSteps = PARTITION_MAX_STEPS,
): { hours: number; better?: Lot[][] } {
  if (!form || upper === undefined || !(form.lattice > 0)) return { hours: 0 };
  let target = roundUpToLattice(upper, form);
  let better: Lot[][] | undefined;
  const result = (hours: number) => ({ hours, ...(better ? { better } : {}) });
  for (;;) {
    // Just above the lattice point below the target, as in milp-opt: clear of float noise.
    const cutoff = target - form.lattice * (1 - 1e-6);
    const open = parts.filter((p) => p.hours < target);
    let met: (readonly (readonly number[])[]) | null = null;
    for (const [k, { proof }] of open.entries()) {
      // Farther below, the patterns within reach are too many to search.
      if (!proof || cutoff - proof.dualValue > maxSteps * form.lattice) {
        return result(0);
      }
      const share = subBudget(budget, msLeft(budget) / (open.length - k));
      const answer = searchPartitions(form, proof, cutoff, share, signal);
      if (answer.kind === "unknown") return result(0);
      if (answer.kind === "found") {
        met = answer.blocks;
        break;
      }
    }
    if (!met) return result(target);
    better = toLots(met, form);
    target = roundUpToLattice(blocksCost(met, form), form);
  }
}

/** Blocks of group indices (one per lot) as blocks of the groups' lots. */
function toLots(blocks: readonly (readonly number[])[], form: PackingForm): Lot[][] {
  const next = form.groups.map(() => 0);
  return blocks.map((b) => b.map((g) => form.groups[g]!.lots[next[g]!++]!));
}
