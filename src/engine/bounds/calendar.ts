/**
 * A bound on the line's work (hours of CLEAN, changeover and fill) made a bound on the makespan
 * around downtimes. Work runs only in free time, so the makespan is at least the instant by which
 * that much free time has passed. And a block cannot span a downtime: a downtime after the first
 * activity and before the end has work on both sides, so the plan has at least two blocks, each
 * opened by a CLEAN. (Not one more per such downtime: the line may stand through several in a row
 * and restart once.) Where the first activity starts is unknown, so each free stretch it could
 * start in is a case, and the bound is the smallest over the cases.
 */
import type { Downtime, LineConfig, Lot } from "../model.ts";
import { freeTimeIndex } from "../calendar.ts";
import { continuousBoundDetail } from "./continuous.ts";
import { fillHours } from "../rules.ts";

/** The makespan bound of a work bound `workHours` (made by `method`) around `downtimes`. */
export function calendarBound(
  workHours: number,
  method: string,
  lots: readonly Lot[],
  config: LineConfig,
  downtimes: readonly Downtime[] = [],
): { lowerBoundHours: number; method: string } {
  if (!downtimes.length || workHours <= 0) return { lowerBoundHours: workHours, method };
  // Work with at least two blocks: the given bound, or the continuous one with two.
  let two: number | null = null;
  const work = (blocks: number) =>
    blocks <= 1
      ? workHours
      : (two ??= Math.max(workHours, continuousBoundDetail(lots, config, { minBlocks: 2 }).hours));
  const free = freeTimeIndex(downtimes);
  let best = Infinity;
  for (let j = 0; j <= downtimes.length; j++) {
    // Case j: the first activity starts in the free stretch before downtime j (after j − 1).
    const from = j === 0 ? 0 : downtimes[j - 1]!.endH;
    if (from + workHours >= best) break;
    let end = free.reached(work(1), from);
    if (j < downtimes.length && downtimes[j]!.startH < end) {
      end = free.reached(work(2), from);
    }
    best = Math.min(best, end);
  }
  best = Math.max(best, stretchBound(lots, config, downtimes));
  return best > workHours + 1e-9
    ? { lowerBoundHours: best, method: `${method}+calendar` }
    : { lowerBoundHours: workHours, method };
}

/**
 * A bound from how much each free stretch can hold. With s the same-type changeover, a block of
 * k lots spans at least its CLEAN plus Σ(fill + s) − s, and holds Σ(fill + s) ≤ window + s. So b
 * blocks in a stretch of length L hold Σ(fill + s) ≤ min(b·(window + s), L − b·(CLEAN − s)), and
 * nothing when not even the shortest lot fits. The lots need F + s·n of it in all; the makespan is
 * at least the instant by which the stretches, each used as well as it can be, have held that.
 */
export function stretchBound(
  lots: readonly Lot[],
  config: LineConfig,
  downtimes: readonly Downtime[],
): number {
  if (!lots.length) return 0;
  const s = config.chgSameHours, perBlock = config.windowHours + s;
  const lossPerBlock = config.cleanHours - s;
  let need = 0, shortest = Infinity;
  for (const lot of lots) {
    const f = fillHours(lot, config);
    need += f + s;
    shortest = Math.min(shortest, f + s);
  }
  const most = lots.length;
  // The most Σ(fill + s) a stretch of length `len` holds, over block counts 1..most.
  const holds = (len: number) => {
    let best = 0;
    const around = Math.max(1, Math.floor(len / (perBlock + lossPerBlock)));
    const counts = lossPerBlock > 0 ? [around, around + 1] : [most];
    for (const b of counts) {
      if (b < 1 || b > most) continue;
      best = Math.max(best, Math.min(b * perBlock, len - b * lossPerBlock));
    }
    return best >= shortest - 1e-9 ? best : 0;
  };
  // The shortest length that holds `rest`: enough blocks for it, each adding its loss.
  const lengthFor = (rest: number) => {
    const blocks = lossPerBlock > 0 ? Math.max(1, Math.ceil(rest / perBlock - 1e-12)) : most;
    return rest + blocks * lossPerBlock;
  };
  let held = 0, at = 0;
  for (const d of downtimes) {
    if (d.endH <= at) continue;
    const len = d.startH - at;
    if (len > 0) {
      const h = holds(len);
      if (held + h >= need - 1e-9) return at + Math.min(len, lengthFor(need - held));
      held += h;
    }
    at = d.endH;
  }
  return at + lengthFor(need - held);
}
