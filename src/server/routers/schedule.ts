/** schedule.*: create runs (queued at once), read, list, cancel, stop early, delete, export. */
import { createSchedule, getSchedule, listSchedules } from "../services/schedules.ts";
import { explainStoredSchedule, whatIfStoredSchedule } from "../services/explain.ts";
import { cancelJob, deleteJob, stopJob } from "../services/job_control.ts";
import { authedProcedure, router } from "../trpc.ts";
import {
  idInput,
  scheduleCreateInput,
  scheduleDiffInput,
  scheduleExplainInput,
  scheduleExportInput,
  scheduleListInput,
  scheduleReplanInput,
  scheduleRushApplyInput,
  scheduleRushOptionsInput,
  scheduleWhatIfInput,
} from "./_inputs.ts";
import { jobProgress, progressInput } from "./job_progress.ts";
import {
  applyStoredRushLot,
  diffStoredSchedules,
  replanStoredSchedule,
  rushLotOptions,
  scheduleVersions,
} from "../services/versions.ts";
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
   * Re-plans a completed schedule from `now`: what has started is kept exactly, the rest (with
   * the changes, or the lots as they are now) is planned again; stored as a new version.
   */
  replan: authedProcedure.input(scheduleReplanInput).mutation(({ ctx, input }) =>
    replanStoredSchedule(ctx.app, ctx.user.id, input)
  ),
  /** The ranked places for one rush lot, without re-planning. */
  rushOptions: authedProcedure.input(scheduleRushOptionsInput).query(({ ctx, input }) =>
    rushLotOptions(ctx.app, ctx.user.id, input)
  ),
  /** The rush lot placed at one of the ranked places, stored as a new version. */
  rushApply: authedProcedure.input(scheduleRushApplyInput).mutation(({ ctx, input }) =>
    applyStoredRushLot(ctx.app, ctx.user.id, input)
  ),
  /** Every version of the schedule's lineage, oldest first, with fingerprints. */
  versions: authedProcedure.input(idInput).query(({ ctx, input }) =>
    scheduleVersions(ctx.app, ctx.user.id, input.id)
  ),
  /** Lots moved, added and removed, blocks added and removed, KPI deltas, from `a` to `b`. */
  diff: authedProcedure.input(scheduleDiffInput).query(({ ctx, input }) =>
    diffStoredSchedules(ctx.app, ctx.user.id, input)
  ),
  /**
   * Yields `queued`, `started`, `progress {phase, percent, …}` and then `completed {kpis, bound}`,
   * `failed {error}` or `cancelled`, and ends. Resumable with `lastEventId`.
   */
  progress: authedProcedure.input(progressInput).subscription(({ ctx, input, signal }) =>
    jobProgress(ctx, "schedule", input, signal)
  ),
});
