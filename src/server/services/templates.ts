/** Config template use cases: CRUD, the user's default, validation and the system defaults. */
import { DEFAULT_CONFIG, type Issue, type SchedulerConfig } from "../../engine/mod.ts";
import type { TemplateView } from "../../db/codec/templates.ts";
import {
  deleteTemplateRow,
  findTemplate,
  insertTemplate,
  listTemplateViews,
  updateTemplateRow,
} from "../../db/templates.ts";
import { setDefaultTemplateId } from "../../db/users.ts";
import type { App } from "../app.ts";
import type { TemplateCreateInput, TemplateUpdateInput } from "../routers/_inputs.ts";
import { badRequest, fail, notFound } from "../errors.ts";
import { validateConfigLayer } from "./run_input.ts";

function checkLayer(config: Record<string, unknown>): void {
  const { errors } = validateConfigLayer(config);
  if (errors.length) badRequest("invalid configuration", errors);
}

function taken(name: string): never {
  fail("CONFLICT", "NAME_TAKEN", `a template named ${JSON.stringify(name)} exists`, {
    field: "name",
  });
}

/** Stores a new template after checking its config. */
export async function createTemplate(
  app: App,
  ownerId: string,
  input: TemplateCreateInput,
): Promise<TemplateView> {
  checkLayer(input.config);
  return await insertTemplate(app.db, ownerId, {
    name: input.name,
    description: input.description ?? "",
    config: input.config,
  }) ?? taken(input.name);
}

/** One of the owner's templates. */
export async function getTemplate(app: App, ownerId: string, id: string): Promise<TemplateView> {
  return await findTemplate(app.db, ownerId, id) ?? notFound("template", id);
}

/** All the owner's templates. */
export async function listTemplates(app: App, ownerId: string): Promise<TemplateView[]> {
  return await listTemplateViews(app.db, ownerId);
}

/** Changes name, description or config. */
export async function updateTemplate(
  app: App,
  ownerId: string,
  input: TemplateUpdateInput,
): Promise<TemplateView> {
  if (input.config) checkLayer(input.config);
  const r = await updateTemplateRow(app.db, ownerId, input.id, input);
  if (r === "missing") notFound("template", input.id);
  if (r === "taken") taken(input.name ?? "");
  return r;
}

/** Deletes a template (and unsets it as default). */
export async function deleteTemplate(
  app: App,
  ownerId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  if (!(await deleteTemplateRow(app.db, ownerId, id))) notFound("template", id);
  return { id, deleted: true };
}

/** Makes a template the owner's default (null clears it). */
export async function setDefaultTemplate(
  app: App,
  ownerId: string,
  id: string | null,
): Promise<{ defaultTemplateId: string | null }> {
  if (id !== null && !(await findTemplate(app.db, ownerId, id))) notFound("template", id);
  await setDefaultTemplateId(app.db, ownerId, id);
  return { defaultTemplateId: id };
}

/** Checks a config layer: every error with its field, and the config it yields. */
export function validateConfig(
  config: unknown,
): { valid: boolean; errors: Issue[]; config: SchedulerConfig | null } {
  const r = validateConfigLayer(config);
  return {
    valid: r.errors.length === 0,
    errors: r.errors,
    config: r.errors.length ? null : r.config,
  };
}

/** The server's defaults and limits. */
export function systemConfig(app: App): {
  defaults: SchedulerConfig;
  limits: { maxLots: number; maxBodyBytes: number; maxJobsPerUser: number; workers: number };
} {
  return {
    defaults: DEFAULT_CONFIG,
    limits: {
      maxLots: app.config.maxLots,
      maxBodyBytes: app.config.maxBodyBytes,
      maxJobsPerUser: app.config.maxJobsPerUser,
      workers: app.config.workers,
    },
  };
}
