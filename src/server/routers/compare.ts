/** compare.*: run several strategies on the same lots; deltas against the given order. */
import {
  createComparison,
  getComparison,
  listComparisons,
  scheduleComparisonRun,
} from "../services/comparisons.ts";
import { cancelJob, deleteJob, stopJob } from "../services/job_control.ts";
import { authedProcedure, router } from "../trpc.ts";
import {
  compareCreateInput,
  compareExportInput,
  compareListInput,
  compareScheduleRunInput,
  idInput,
} from "./_inputs.ts";
import { exportComparisonFile } from "../services/exports.ts";
import { jobProgress, progressInput, splitPercent } from "./job_progress.ts";

/** `compare.*`: several strategies on the same lots, deltas against the given order, live events. */
export const compareRouter = router({
  create: authedProcedure.input(compareCreateInput).mutation(({ ctx, input }) =>
    createComparison(ctx.app, ctx.user.id, input)
  ),
  get: authedProcedure.input(idInput).query(({ ctx, input }) =>
    getComparison(ctx.app, ctx.user.id, input.id)
  ),
  list: authedProcedure.input(compareListInput).query(({ ctx, input }) =>
    listComparisons(ctx.app, ctx.user.id, input)
  ),
  cancel: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    cancelJob(ctx.app, "compare", ctx.user.id, input.id)
  ),
  /** Ends the search early and keeps its best result (status "stopped"); cancel discards. */
  stop: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    stopJob(ctx.app, "compare", ctx.user.id, input.id)
  ),
  delete: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    deleteJob(ctx.app, "compare", ctx.user.id, input.id)
  ),
  /** Re-runs one strategy of a comparison as a schedule (for its Gantt and exports). */
  scheduleRun: authedProcedure.input(compareScheduleRunInput).mutation(({ ctx, input }) =>
    scheduleComparisonRun(ctx.app, ctx.user.id, input)
  ),
  export: authedProcedure.input(compareExportInput).query(({ ctx, input }) =>
    exportComparisonFile(ctx.app, ctx.user.id, input.id, input.format)
  ),
  /** Like schedule.progress; progress events name their `strategy` and carry `overallPercent`. */
  progress: authedProcedure.input(progressInput).subscription(({ ctx, input, signal }) =>
    jobProgress(ctx, "compare", input, signal, splitPercent)
  ),
});
