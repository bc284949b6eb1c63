/** schedule.progress: live events of one schedule job (queued → started → progress… → end). */
import { authedProcedure } from "../trpc.ts";
import { jobProgress, progressInput } from "./job_progress.ts";

/**
 * Yields `queued`, `started`, `progress {phase, percent, …}` and then `completed {kpis, bound}`,
 * `failed {error}` or `cancelled`, and ends. Resumable with `lastEventId`.
 */
export const scheduleProgress = authedProcedure
  .input(progressInput)
  .subscription(({ ctx, input, signal }) => jobProgress(ctx, "schedule", input, signal));
