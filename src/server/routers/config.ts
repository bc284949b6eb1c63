/** config.*: templates (per user), the user's default, validation, the system defaults. */
import { z } from "zod";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  setDefaultTemplate,
  systemConfig,
  updateTemplate,
  validateConfig,
} from "../services/templates.ts";
import { authedProcedure, router } from "../trpc.ts";
import { idInput, noInput, templateCreateInput, templateUpdateInput } from "./_inputs.ts";

/** `config.templates.*`. */
export const templatesRouter = router({
  create: authedProcedure.input(templateCreateInput).mutation(({ ctx, input }) =>
    createTemplate(ctx.app, ctx.user.id, input)
  ),
  get: authedProcedure.input(idInput).query(({ ctx, input }) =>
    getTemplate(ctx.app, ctx.user.id, input.id)
  ),
  list: authedProcedure.input(noInput).query(({ ctx }) => listTemplates(ctx.app, ctx.user.id)),
  update: authedProcedure.input(templateUpdateInput).mutation(({ ctx, input }) =>
    updateTemplate(ctx.app, ctx.user.id, input)
  ),
  delete: authedProcedure.input(idInput).mutation(({ ctx, input }) =>
    deleteTemplate(ctx.app, ctx.user.id, input.id)
  ),
  /** Makes a template the user's default (`id: null` clears it). */
  setDefault: authedProcedure.input(z.strictObject({ id: z.string().min(1).max(100).nullable() }))
    .mutation(({ ctx, input }) => setDefaultTemplate(ctx.app, ctx.user.id, input.id)),
});

/** `config.*`. */
export const configRouter = router({
  templates: templatesRouter,
  validate: authedProcedure.input(z.strictObject({ config: z.unknown() })).query(({ input }) =>
    validateConfig(input.config ?? {})
  ),
  system: authedProcedure.input(noInput).query(({ ctx }) => systemConfig(ctx.app)),
});
