/**
 * The frozen prefix of a schedule at an instant: every lot whose fill (or the changeover before
 * it) has started is kept exactly, and so is the rest of its block when asked. What follows is
 * free; the line state it starts from is the open block, if the re-planned part may continue it.
 */
import type { Activity, Downtime, LineConfig, Lot, Plan } from "../model.ts";
import { planActivities } from "../planner.ts";
import { changeoverHours, fillHours } from "../rules.ts";

/** Instants are compared to the millisecond: an activity starting at `now` has started. */
const TOL_H = 1 / 3_600_000;

/** The line after the frozen lots, as the re-planned part finds it. */
export interface FrozenPrefix {
  /** The frozen lots in their blocks, exactly as in the schedule. */
  readonly blocks: Plan;
  readonly frozenIds: ReadonlySet<string>;
  /**
   * The last frozen block, when the re-planned part may add lots to it: no CLEAN after it has
   * started and the whole block was not frozen. Its type is the last frozen lot's.
   */
  readonly open: {
    readonly lastType: string;
    /** Fill and changeover hours the block already uses. */
    readonly usedHours: number;
    /** Where its CLEAN starts, hours from the schedule start. */
    readonly cleanStartH: number;
  } | null;
  /** End of the last frozen fill, hours from the schedule start (0 without frozen lots). */
  readonly endH: number;
  /** The block of the activity running at `now` (-1 before the schedule starts). */
  readonly currentBlock: number;
}

/** The prefix of `plan` (timed around `downtimes`) frozen at `nowH` hours after its start. */
export function frozenPrefix(
  plan: Plan,
  config: LineConfig,
  nowH: number,
  freezeBlock: boolean,
  downtimes: readonly Downtime[] = [],
): FrozenPrefix {
  const activities = planActivities(plan, config, downtimes);
  const k = lastStarted(activities, nowH);
  const current = k < 0 ? -1 : activities[k]!.block;
  // Lots are frozen up to the one running (or being changed over to) at `now`.
  let frozenCount = 0;
  if (k >= 0) {
    const a = activities[k]!;
    const upTo = a.kind === "CHANGEOVER" ? k + 1 : k;
    for (let i = 0; i <= upTo && i < activities.length; i++) {
      if (activities[i]!.kind === "FILL") frozenCount++;
    }
  }
  if (freezeBlock && current >= 0) {
    frozenCount = plan.slice(0, current + 1).reduce((n, b) => n + b.length, 0);
  }
  const blocks: Lot[][] = [];
  let left = frozenCount;
  for (const block of plan) {
    if (left <= 0) break;
    blocks.push(block.slice(0, left));
    left -= block.length;
  }
  const frozenIds = new Set(blocks.flat().map((l) => l.id));
  const last = blocks[blocks.length - 1];
  const lastFill = activities.findLastIndex((a) => a.kind === "FILL" && frozenIds.has(a.lotId!));
  const endH = lastFill < 0 ? 0 : activities[lastFill]!.endH;
  const next = activities[lastFill + 1];
  const cleanStarted = next?.kind === "CLEAN" && next.startH <= nowH + TOL_H;
  const open = last && !freezeBlock && !cleanStarted
    ? {
      lastType: last[last.length - 1]!.type,
      usedHours: usedHours(last, config),
      cleanStartH: activities.find((a) => a.kind === "CLEAN" && a.block === blocks.length - 1)!
        .startH,
    }
    : null;
  return { blocks, frozenIds, open, endH, currentBlock: current };
}

/** Index of the last activity started by `nowH` (-1 when none has). */
function lastStarted(activities: readonly Activity[], nowH: number): number {
  let lo = 0, hi = activities.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (activities[mid]!.startH <= nowH + TOL_H) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Fill and changeover hours of one block's lots in their order. */
export function usedHours(
  block: readonly Lot[],
  config: LineConfig,
  prevType: string | null = null,
): number {
  let used = 0;
  let prev = prevType;
  for (const lot of block) {
    used += changeoverHours(prev, lot.type, config) + fillHours(lot, config);
    prev = lot.type;
  }
  return used;
}

/** The first place in the schedule's plan that is not frozen (block, position in it). */
export function firstFreeOf(prefix: FrozenPrefix): { block: number; position: number } {
  const n = prefix.blocks.length;
  if (n === 0) return { block: 0, position: 0 };
  return prefix.open
    ? { block: n - 1, position: prefix.blocks[n - 1]!.length }
    : { block: n, position: 0 };
}

/**
 * `plan` (the frozen blocks first) with the open block ended where the calendar forces it: the
 * planner cuts a block around a downtime wherever it finishes earliest, which could be inside the
 * lots that already ran. Here the lots added to the open block run until the next downtime and
 * the rest opens the next block, so what ran stays as it ran.
 */
export function protectOpenBlock(
  plan: readonly (readonly Lot[])[],
  prefix: FrozenPrefix,
  config: LineConfig,
  downtimes: readonly Downtime[],
): Lot[][] {
  const out = plan.map((b) => [...b]);
  const b = prefix.blocks.length - 1;
  const block = out[b];
  const frozen = prefix.blocks[b]?.length ?? 0;
  if (!prefix.open || !downtimes.length || !block || block.length <= frozen) return out;
  const limit = downtimes.find((d) => d.endH > prefix.endH + TOL_H)?.startH ?? Infinity;
  let t = prefix.endH;
  let k = frozen;
  for (; k < block.length; k++) {
    const add = changeoverHours(block[k - 1]!.type, block[k]!.type, config) +
      fillHours(block[k]!, config);
    if (t + add > limit + TOL_H) break;
    t += add;
  }
  if (k === block.length) return out;
  return [...out.slice(0, b), block.slice(0, k), block.slice(k), ...out.slice(b + 1)];
}
