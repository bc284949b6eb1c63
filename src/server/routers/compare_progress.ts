/** compare.progress: live events of one comparison, per strategy and overall. */
import { authedProcedure } from "../trpc.ts";
import { jobProgress, type LiveEvent, progressInput } from "./job_progress.ts";
import type { JobState } from "../services/job_state.ts";

/**
 * Fills in `overallPercent` when the runner did not: run `i` of `n` at `p` % is
 * `(i + p/100) / n` of the whole, with `i` from the event or the comparison's strategy list.
 */
export function withOverall(e: LiveEvent, state: JobState): LiveEvent {
  if (e.type !== "progress" || e.overallPercent !== undefined) return e;
  const n = e.runs ?? state.strategies.length;
  const i = e.run ?? (e.strategy === undefined ? -1 : state.strategies.indexOf(e.strategy));
  if (n <= 0 || i < 0) return e;
  return { ...e, overallPercent: Math.min(100, ((i + e.percent / 100) / n) * 100) };
}

/** Like schedule.progress; progress events name their `strategy` and carry `overallPercent`. */
export const compareProgress = authedProcedure
  .input(progressInput)
  .subscription(({ ctx, input, signal }) =>
    jobProgress(ctx, "compare", input, signal, withOverall)
  );
