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
import { freeHoursReached } from "../calendar.ts";
import { continuousBoundDetail } from "./continuous.ts";

/** The makespan bound of a work bound `workHours` (made by `method`) around `downtimes`. */
export function calendarBound(
  workHours: number,
  method: string,
  lots: readonly Lot[],
  config: LineConfig,
  downtimes: readonly Downtime[] = [],
): { lowerBoundHours: number; method: string } {
  if (!downtimes.length || workHours <= 0) return { lowerBoundHours: workHours, method };
  // Work with at least `blocks` blocks: the given bound, or the continuous one with that many.
  const work = (blocks: number) =>
    blocks <= 1
      ? workHours
      : Math.max(workHours, continuousBoundDetail(lots, config, blocks).hours);
  let best = Infinity;
  for (let j = 0; j <= downtimes.length; j++) {
    // Case j: the first activity starts in the free stretch before downtime j (after j − 1).
    const from = j === 0 ? 0 : downtimes[j - 1]!.endH;
    if (from + workHours >= best) break;
    let end = freeHoursReached(downtimes, work(1), from);
    if (j < downtimes.length && downtimes[j]!.startH < end) {
      end = freeHoursReached(downtimes, work(2), from);
    }
    best = Math.min(best, end);
  }
  return best > workHours + 1e-9
    ? { lowerBoundHours: best, method: `${method}+calendar` }
    : { lowerBoundHours: workHours, method };
}
