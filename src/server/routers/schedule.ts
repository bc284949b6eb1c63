/** schedule.*: create runs (queued at once), read, list, cancel, stop early, delete, export. */
import { createSchedule, getSchedule, listSchedules } from "../services/schedules.ts";
import { explainStoredSchedule, whatIfStoredSchedule } from "../services/explain.ts";
import { cancelJob, deleteJob, stopJob } from "../services/job_control.ts";
import { authedProcedure, router } from "../trpc.ts";
import {
  idInput,
  scheduleCreateInput,
  scheduleExplainInput,
  scheduleExportInput,
  scheduleListInput,
  scheduleWhatIfInput,
} from "./_inputs.ts";
import { jobProgress, progressInput } from "./job_progress.ts";
import { exportScheduleFile } from "../services/exports.ts";

/** `schedule.*`: one run of one strategy, from request to stored result and its live events. */
export const scheduleRouter = router({
  create: authedProcedure.input(scheduleCreateInput).mutation(({ ctx, input }) =>
    createSchedule(ctx.app, ctx.user.id, input)
  ),
  get: authedProcedure.input(idInput).query(({ ctx, input }) =>
    getSchedule(ctx.app, ctx.user.id, input.id)
  ),
  list: authedProcedure.input(scheduleListInput).query(({ ctx, input }) =>
    listSchedules(ctx.app, ctx.user.id, input)
  ),
  cancel: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    cancelJob(ctx.app, "schedule", ctx.user.id, input.id)
  ),
  /** Ends the search early and keeps its best result (status "stopped"); cancel discards. */
  stop: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    stopJob(ctx.app, "schedule", ctx.user.id, input.id)
  ),
  delete: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    deleteJob(ctx.app, "schedule", ctx.user.id, input.id)
  ),
  export: authedProcedure.input(scheduleExportInput).query((
    { ctx, input },
  ) => exportScheduleFile(ctx.app, ctx.user.id, input.id, input.format)),
  /** Why each CLEAN and changeover, and why the plan cannot be better (a completed schedule). */
  explain: authedProcedure.input(scheduleExplainInput).query(({ ctx, input }) =>
    explainStoredSchedule(ctx.app, ctx.user.id, input)
  ),
  /** Re-solves change sets (or the standard questions) with bounds within `budgetMs`. */
  whatIf: authedProcedure.input(scheduleWhatIfInput).mutation(({ ctx, input }) =>
    whatIfStoredSchedule(ctx.app, ctx.user.id, input)
  ),
  /**
   * Yields `queued`, `started`, `progress {phase, percent, …}` and then `completed {kpis, bound}`,
   * `failed {error}` or `cancelled`, and ends. Resumable with `lastEventId`.
   */
  progress: authedProcedure.input(progressInput).subscription(({ ctx, input, signal }) =>
    jobProgress(ctx, "schedule", input, signal)
  ),
});
