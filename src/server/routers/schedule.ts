/** schedule.*: create runs (queued at once), read, list, cancel, delete, export. */
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  cancelSchedule,
  createSchedule,
  deleteSchedule,
  exportSchedule,
  getSchedule,
  listSchedules,
} from "../services/schedules.ts";
import { authedProcedure } from "../trpc.ts";
import { idInput, jobStatusInput, lotsFields, pageFields, runFields } from "./_inputs.ts";

/** `schedule.*` procedures (E adds `schedule.progress`). */
export const scheduleProcedures = {
  create: authedProcedure.input(z.object({
    ...lotsFields,
    strategy: z.string().min(1).max(100).optional(),
    ...runFields,
  })).mutation(({ ctx, input }) => createSchedule(ctx.app, ctx.user.id, input)),
  get: authedProcedure.input(idInput).query(({ ctx, input }) =>
    getSchedule(ctx.app, ctx.user.id, input.id)
  ),
  list: authedProcedure.input(
    z.object({
      ...pageFields,
      status: jobStatusInput.optional(),
      strategy: z.string().max(100).optional(),
    }).default({ page: 1, pageSize: 20 }),
  ).query(({ ctx, input }) => listSchedules(ctx.app, ctx.user.id, input)),
  cancel: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    cancelSchedule(ctx.app, ctx.user.id, input.id)
  ),
  delete: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    deleteSchedule(ctx.app, ctx.user.id, input.id)
  ),
  export: authedProcedure.input(idInput.extend({ format: z.enum(["csv", "json"]) })).query((
    { ctx, input },
  ) => exportSchedule(ctx.app, ctx.user.id, input.id, input.format)),
} satisfies TRPCRouterRecord;
