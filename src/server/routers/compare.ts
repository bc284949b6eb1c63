/** compare.*: run several strategies on the same lots; deltas against the given order. */
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  cancelComparison,
  createComparison,
  deleteComparison,
  getComparison,
  listComparisons,
} from "../services/comparisons.ts";
import { authedProcedure } from "../trpc.ts";
import { idInput, jobStatusInput, lotsFields, pageFields, runFields } from "./_inputs.ts";

/** `compare.*` procedures (E adds `compare.progress`). */
export const compareProcedures = {
  create: authedProcedure.input(z.object({
    ...lotsFields,
    strategies: z.union([z.literal("all"), z.array(z.string().min(1).max(100)).min(1).max(50)]),
    ...runFields,
  })).mutation(({ ctx, input }) => createComparison(ctx.app, ctx.user.id, input)),
  get: authedProcedure.input(idInput).query(({ ctx, input }) =>
    getComparison(ctx.app, ctx.user.id, input.id)
  ),
  list: authedProcedure.input(
    z.object({
      ...pageFields,
      status: jobStatusInput.optional(),
    }).default({ page: 1, pageSize: 20 }),
  ).query(({ ctx, input }) => listComparisons(ctx.app, ctx.user.id, input)),
  cancel: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    cancelComparison(ctx.app, ctx.user.id, input.id)
  ),
  delete: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    deleteComparison(ctx.app, ctx.user.id, input.id)
  ),
} satisfies TRPCRouterRecord;
