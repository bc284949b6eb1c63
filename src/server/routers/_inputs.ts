/** zod pieces shared by the routers' inputs. */
import { z } from "zod";

/** A record id (UUID as we issue them; any other text simply finds nothing). */
export const idInput = z.object({ id: z.string().min(1).max(100) });

/** One lot in a request; value checks (vials > 0, duplicates…) are the engine's, so all are listed. */
export const lotInput = z.object({
  id: z.string().max(200),
  type: z.string().max(200),
  vials: z.number(),
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

export const jobStatusInput = z.enum(["queued", "running", "completed", "failed", "cancelled"]);

/** Page selection; pageSize at most 100. */
export const pageFields = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};
