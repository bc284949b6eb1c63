/**
 * The routers' inputs as zod schemas, and their types for the services (`z.infer`), so a field
 * is declared once and the service cannot ask for something the router does not check.
 */
import { z } from "zod";
import { COMPARISON_EXPORT_FORMATS, SCHEDULE_EXPORT_FORMATS } from "../services/exports.ts";
import { JOB_STATUSES } from "../../db/schema.ts";

/** The input of a procedure that takes none: nothing, null or `{}` (any key is refused). */
export const noInput = z.strictObject({}).nullish();

/** A record id (UUID as we issue them; any other text simply finds nothing). */
export const idInput = z.strictObject({ id: z.string().min(1).max(100) });

/** One lot in a request; value checks (vials > 0, duplicates…) are the engine's, so all are listed. */
export const lotInput = z.strictObject({
  id: z.string().max(200),
  type: z.string().max(200),
  vials: z.number(),
  /** Due instant: ISO 8601 with offset, or `YYYY-MM-DD HH:MM` in the run's time zone. */
  due: z.string().max(100).optional(),
  /** Weight of the lot's tardiness (> 0, default 1). */
  priority: z.number().optional(),
});

/** Lots as a list or CSV text, exactly one of them. */
export const lotsFields = {
  lots: z.array(lotInput).optional(),
  csv: z.string().optional(),
};

/** A config layer: checked field by field by the service so every error is listed. */
export const configInput = z.record(z.string(), z.unknown());

/** The rest of a run request (schedule or comparison): config layer, template, start time, name. */
export const runFields = {
  config: configInput.optional(),
  templateId: z.string().min(1).max(100).optional(),
  startTime: z.string().min(1).max(100).optional(),
  name: z.string().max(200).optional(),
};

export const jobStatusInput = z.enum(JOB_STATUSES);

/** Page selection; pageSize at most 100. */
export const pageFields = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};

/** `schedule.create`. */
export const scheduleCreateInput = z.strictObject({
  ...lotsFields,
  strategy: z.string().min(1).max(100).optional(),
  ...runFields,
});
export type ScheduleCreateInput = z.infer<typeof scheduleCreateInput>;

/** `schedule.list`. */
export const scheduleListInput = z.strictObject({
  ...pageFields,
  status: jobStatusInput.optional(),
  strategy: z.string().max(100).optional(),
  /** Name contains this text. */
  search: z.string().max(200).optional(),
  /** Created within these instants (ISO 8601 with offset). */
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
}).default({ page: 1, pageSize: 20 });
export type ScheduleListInput = z.infer<typeof scheduleListInput>;

/** `schedule.export`. */
export const scheduleExportInput = idInput.extend({ format: z.enum(SCHEDULE_EXPORT_FORMATS) });

/** `compare.scheduleRun`: one run of a comparison as a schedule of its own. */
export const compareScheduleRunInput = idInput.extend({ strategy: z.string().min(1).max(100) });

/** `compare.export`. */
export const compareExportInput = idInput.extend({ format: z.enum(COMPARISON_EXPORT_FORMATS) });

/** `compare.create`. */
export const compareCreateInput = z.strictObject({
  ...lotsFields,
  strategies: z.union([z.literal("all"), z.array(z.string().min(1).max(100)).min(1).max(50)]),
  ...runFields,
});
export type CompareCreateInput = z.infer<typeof compareCreateInput>;

/** `compare.list`. */
export const compareListInput = z.strictObject({
  ...pageFields,
  status: jobStatusInput.optional(),
}).default({ page: 1, pageSize: 20 });
export type CompareListInput = z.infer<typeof compareListInput>;

const templateName = z.string().trim().min(1, "name must not be empty").max(100);
const templateDescription = z.string().max(1000);

/** `config.templates.create`. */
export const templateCreateInput = z.strictObject({
  name: templateName,
  description: templateDescription.optional(),
  config: configInput,
});
export type TemplateCreateInput = z.infer<typeof templateCreateInput>;

/** `config.templates.update`. */
export const templateUpdateInput = idInput.extend({
  name: templateName.optional(),
  description: templateDescription.optional(),
  config: configInput.optional(),
});
export type TemplateUpdateInput = z.infer<typeof templateUpdateInput>;

/** One what-if change set: line values to set, lots to remove, lots to split. */
export const whatIfScenarioInput = z.strictObject({
  name: z.string().min(1).max(100),
  set: z.strictObject({
    fillRateVph: z.number().finite(),
    cleanHours: z.number().finite(),
    windowHours: z.number().finite(),
    chgSameHours: z.number().finite(),
    chgDiffHours: z.number().finite(),
  }).partial().optional(),
  removeLots: z.array(z.string().min(1).max(200)).max(1000).optional(),
  splitLots: z.array(
    z.strictObject({ lotId: z.string().min(1).max(200), parts: z.number().int().min(2).max(20) }),
  ).max(100).optional(),
});

/** schedule.whatIf: change sets (default: the standard questions) and the time for all of them. */
export const scheduleWhatIfInput = z.strictObject({
  id: idInput.shape.id,
  changes: z.array(whatIfScenarioInput).min(1).max(12).optional(),
  budgetMs: z.number().int().min(100).max(120_000).default(10_000),
});
export type ScheduleWhatIfInput = z.infer<typeof scheduleWhatIfInput>;

/** schedule.explain: the time for pricing the lots behind a column-generation bound. */
export const scheduleExplainInput = z.strictObject({
  id: idInput.shape.id,
  budgetMs: z.number().int().min(100).max(60_000).default(2_000),
});

/** An instant with its offset, e.g. `2026-01-09T12:00:00+01:00`. */
const instantInput = z.iso.datetime({ offset: true });

/** What changed since a schedule was made; the engine checks each against the plan. */
export const lotChangesInput = z.strictObject({
  add: z.array(lotInput).max(10_000).optional(),
  remove: z.array(z.string().min(1).max(200)).max(10_000).optional(),
  setVials: z.array(z.strictObject({ lotId: z.string().min(1).max(200), vials: z.number() }))
    .max(10_000).optional(),
});

/**
 * schedule.replan: from `now` (default: the server's clock) with `changes`, or with the lots as
 * they are now (`lots` or `csv`; at most one of the three).
 */
export const scheduleReplanInput = z.strictObject({
  id: idInput.shape.id,
  now: instantInput.optional(),
  changes: lotChangesInput.optional(),
  ...lotsFields,
  freezeBlock: z.boolean().default(false),
  strategy: z.string().min(1).max(100).optional(),
  /** Non-disruptive: keep the old order unless re-optimizing saves more than this many hours. */
  keepOrderWithinHours: z.number().finite().min(0).max(10_000).optional(),
  /** Time for the strategy's search is its own option; this is the bound's, ms. */
  boundBudgetMs: z.number().int().min(0).max(60_000).default(2_000),
  name: z.string().max(200).optional(),
});
export type ScheduleReplanInput = z.infer<typeof scheduleReplanInput>;

/** schedule.rushOptions: the ranked places for one lot (after what started by `now`, if given). */
export const scheduleRushOptionsInput = z.strictObject({
  id: idInput.shape.id,
  lot: lotInput,
  now: instantInput.optional(),
  freezeBlock: z.boolean().default(false),
  limit: z.number().int().min(1).max(1000).default(10),
});
export type ScheduleRushOptionsInput = z.infer<typeof scheduleRushOptionsInput>;

/** schedule.rushApply: the lot placed at one of the ranked places, stored as a new version. */
export const scheduleRushApplyInput = z.strictObject({
  id: idInput.shape.id,
  lot: lotInput,
  at: z.strictObject({
    kind: z.enum(["into-block", "push-on", "split-block", "new-block"]),
    block: z.number().int().min(0),
    position: z.number().int().min(0),
  }),
  now: instantInput.optional(),
  freezeBlock: z.boolean().default(false),
  name: z.string().max(200).optional(),
});
export type ScheduleRushApplyInput = z.infer<typeof scheduleRushApplyInput>;

/** schedule.diff: two of the owner's completed schedules, from `a` to `b`. */
export const scheduleDiffInput = z.strictObject({ a: idInput.shape.id, b: idInput.shape.id });
