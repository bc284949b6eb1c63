/** compare.progress: live events of one comparison, per strategy and overall. */
import { authedProcedure } from "../trpc.ts";
import { jobProgress, type LiveEvent, progressInput } from "./job_progress.ts";
import type { JobState } from "../services/job_state.ts";

/**
 * Splits a comparison's progress into `overallPercent` (the whole comparison) and `percent`
 * (the named strategy's own run). The job runner publishes the overall figure (as
 * `overallPercent`, or in `percent` when that is absent); strategies run one after another in
 * the stored order, so run `i` of `n` at `p` % is `(i + p/100) / n` of the whole.
 */
export function splitPercent(e: LiveEvent, state: JobState): LiveEvent {
  if (e.type !== "progress") return e;
  const overall = e.overallPercent ?? e.percent;
  const n = e.runs ?? state.strategies.length;
  const i = e.run ?? (e.strategy === undefined ? -1 : state.strategies.indexOf(e.strategy));
  if (n <= 0 || i < 0) return { ...e, overallPercent: overall };
  const own = Math.max(0, Math.min(100, overall * n - i * 100));
  return { ...e, percent: Math.round(own * 100) / 100, overallPercent: overall };
}

/** Like schedule.progress; progress events name their `strategy` and carry `overallPercent`. */
export const compareProgress = authedProcedure
  .input(progressInput)
  .subscription(({ ctx, input, signal }) =>
    jobProgress(ctx, "compare", input, signal, splitPercent)
  );
