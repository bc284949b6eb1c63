/**
 * Brute-force optimum for tiny instances (≤ 10 lots): every set partition of the lots into
 * blocks, each block checked against the window with its types grouped (domain.md), each
 * partition costed by the makespan formula. Written from the rules alone, to judge the
 * optimizers and bounds. Block order does not matter, so partitions are enough.
 */
import type { LineConfig, Lot } from "../../src/engine/model.ts";
import { random } from "../../scripts/_random.ts";

/** Tolerance of the window check, as in the rules. */
const EPS = 1e-9;

export interface BruteForceResult {
  readonly makespanHours: number;
  /** An optimal plan: blocks of lots, lots of one type together. */
  readonly plan: Lot[][];
  /** Partitions whose every block fits (for sanity checks). */
  readonly feasiblePartitions: number;
}

/** Window hours a block uses with its types grouped: fills + s·(k − d) + D·(d − 1). */
export function blockHours(block: readonly Lot[], config: LineConfig): number {
  if (!block.length) return 0;
  const types = new Set(block.map((l) => l.type)).size;
  const fill = block.reduce((s, l) => s + l.vials / config.fillRateVph, 0);
  return fill + config.chgSameHours * (block.length - types) + config.chgDiffHours * (types - 1);
}

/** Makespan of blocks (types grouped in each): cleans + fills + changeovers. */
export function partitionMakespan(blocks: readonly (readonly Lot[])[], config: LineConfig): number {
  return blocks.reduce((s, b) => s + config.cleanHours + blockHours(b, config), 0);
}

/** The optimal makespan by enumerating every set partition of `lots` (keep to ≤ 10 lots). */
export function bruteForceOptimum(lots: readonly Lot[], config: LineConfig): BruteForceResult {
  if (lots.length > 12) throw new RangeError(`brute force is for tiny inputs, got ${lots.length}`);
  let best = Infinity;
  let bestPlan: Lot[][] = [];
  let feasible = 0;
  const blocks: Lot[][] = [];
  const visit = (i: number) => {
    if (i === lots.length) {
      feasible++;
      const cost = partitionMakespan(blocks, config);
      if (cost < best) {
        best = cost;
        bestPlan = blocks.map((b) => groupTypes(b));
      }
      return;
    }
    const lot = lots[i]!;
    for (const block of blocks) {
      block.push(lot);
      if (blockHours(block, config) <= config.windowHours + EPS) visit(i + 1);
      block.pop();
    }
    blocks.push([lot]);
    if (blockHours([lot], config) <= config.windowHours + EPS) visit(i + 1);
    blocks.pop();
  };
  visit(0);
  return { makespanHours: best, plan: bestPlan, feasiblePartitions: feasible };
}

function groupTypes(block: readonly Lot[]): Lot[] {
  const types = [...new Set(block.map((l) => l.type))];
  return types.flatMap((t) => block.filter((l) => l.type === t));
}

/** A seeded random instance of `n` lots (mulberry32), with a config drawn around the defaults. */
export function tinyInstance(seed: number, n: number): { lots: Lot[]; config: LineConfig } {
  const rnd = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const chgSameHours = int(0, 4);
  const config: LineConfig = {
    fillRateVph: [1, 3, 19_920][int(0, 2)]!,
    cleanHours: int(1, 30),
    windowHours: int(20, 60),
    chgSameHours,
    chgDiffHours: chgSameHours + int(0, 6),
  };
  const types = int(1, 4);
  const lots: Lot[] = [];
  for (let i = 0; i < n; i++) {
    const hours = int(1, config.windowHours) * (rnd() < 0.5 ? 0.5 : 0.25) + rnd();
    lots.push({
      id: `L${i + 1}`,
      type: `T${int(1, types)}`,
      vials: Math.max(
        1,
        Math.min(
          Math.floor(config.windowHours * config.fillRateVph),
          Math.round(hours * config.fillRateVph),
        ),
      ),
    });
  }
  return { lots, config };
}

/** A downtime for the brute force: hours from the start. */
export interface Stop {
  readonly startH: number;
  readonly endH: number;
}

/** The earliest start ≥ t of `hours` of work that overlaps no stop (written from the rule alone). */
function fitAround(stops: readonly Stop[], t: number, hours: number): number {
  let s = t;
  let moved = true;
  while (moved) {
    moved = false;
    for (const d of stops) {
      if (s < d.endH && s + hours > d.startH + EPS) {
        s = d.endH;
        moved = true;
      }
    }
  }
  return s;
}

/**
 * The optimal makespan around `stops` over every schedule: each block (any subset of the lots
 * left, types grouped) runs whole at the earliest time it overlaps no stop. A state is the set of
 * lots done, and finishing it earlier is never worse (later blocks only fit later), so the
 * earliest finish per subset is exact: 3^n steps.
 */
export function bruteForceCalendarOptimum(
  lots: readonly Lot[],
  config: LineConfig,
  stops: readonly Stop[],
): number {
  const n = lots.length;
  if (n > 12) throw new RangeError(`brute force is for tiny inputs, got ${n}`);
  const full = (1 << n) - 1;
  const span = new Float64Array(1 << n);
  for (let m = 1; m <= full; m++) {
    const block = lots.filter((_, i) => m & (1 << i));
    const used = blockHours(block, config);
    span[m] = used <= config.windowHours + EPS ? config.cleanHours + used : Infinity;
  }
  const done = new Float64Array(1 << n).fill(Infinity);
  done[0] = 0;
  for (let s = 0; s < full; s++) {
    if (done[s] === Infinity) continue;
    const rest = full & ~s;
    for (let b = rest; b > 0; b = (b - 1) & rest) {
      if (span[b] === Infinity) continue;
      const end = fitAround(stops, done[s]!, span[b]!) + span[b]!;
      if (end < done[s | b]!) done[s | b] = end;
    }
  }
  return done[full]!;
}

/** The fewest bins of `capacity` holding `sizes`, by exhaustive search (tiny inputs only). */
export function fewestBins(sizes: readonly number[], capacity: number): number {
  const order = [...sizes].sort((a, b) => b - a);
  let best = order.length;
  const loads: number[] = [];
  const place = (i: number) => {
    if (loads.length >= best) return;
    if (i === order.length) {
      best = loads.length;
      return;
    }
    // Bins of equal load are interchangeable: try one of them.
    const seen = new Set<number>();
    for (let b = 0; b < loads.length; b++) {
      if (seen.has(loads[b]!) || loads[b]! + order[i]! > capacity) continue;
      seen.add(loads[b]!);
      loads[b]! += order[i]!;
      place(i + 1);
      loads[b]! -= order[i]!;
    }
    loads.push(order[i]!);
    place(i + 1);
    loads.pop();
  };
  place(0);
  return best;
}
