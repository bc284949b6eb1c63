/** Comparison use cases: create (queued), read with deltas and best, list, delete. */
import { BASELINE_STRATEGY, comparedNames } from "../../engine/mod.ts";
import type { ComparisonSummary, ComparisonView } from "../../db/codec/comparisons.ts";
import {
  findComparisonView,
  insertQueuedComparison,
  listComparisonSummaries,
} from "../../db/comparisons.ts";
import { deleteJobRow, findJobStatus } from "../../db/jobs.ts";
import type { JobStatus } from "../../db/schema.ts";
import type { App } from "../app.ts";
import { notFound } from "../errors.ts";
import type { CompareCreateInput, CompareListInput } from "../routers/_inputs.ts";
import { checkRun, effectiveConfig, readLots } from "./run_input.ts";

/** Checks the request, stores it as queued, hands it to the job queue. */
export async function createComparison(
  app: App,
  ownerId: string,
  input: CompareCreateInput,
): Promise<{ id: string; status: "queued" }> {
  const { config } = await effectiveConfig(app.db, ownerId, input);
  const lots = readLots(input, config, app.config);
  const request = checkRun(lots, config, comparedNames(input.strategies));
  const names = request.runs.map((r) => r.strategy.name);
  const id = crypto.randomUUID();
  await insertQueuedComparison(app.db, {
    id,
    ownerId,
    name: input.name ?? null,
    strategies: names,
    lots,
    config: request.config,
    startMs: request.startMs,
  });
  app.jobs.enqueue({ id, kind: "compare", ownerId, strategy: names.join(",") });
  return { id, status: "queued" };
}

/** The owner's comparison with per-strategy KPIs, deltas against the given order, and the best. */
export async function getComparison(
  app: App,
  ownerId: string,
  id: string,
): Promise<ComparisonView> {
  return await findComparisonView(app.db, ownerId, id, BASELINE_STRATEGY) ??
    notFound("comparison", id);
}

/** A page of the owner's comparisons, newest first. */
export async function listComparisons(
  app: App,
  ownerId: string,
  f: CompareListInput,
): Promise<{ items: ComparisonSummary[]; total: number; page: number; pageSize: number }> {
  const { items, total } = await listComparisonSummaries(app.db, ownerId, f);
  return { items, total, page: f.page, pageSize: f.pageSize };
}

/** Cancels a queued or running comparison. */
export async function cancelComparison(
  app: App,
  ownerId: string,
  id: string,
): Promise<{ id: string; status: JobStatus }> {
  if (!(await findJobStatus(app.db, "comparisons", ownerId, id))) notFound("comparison", id);
  await app.jobs.cancel({ id, kind: "compare", ownerId });
  return { id, status: await findJobStatus(app.db, "comparisons", ownerId, id) ?? "cancelled" };
}

/** Deletes a comparison (cancelling it first if unfinished). */
export async function deleteComparison(
  app: App,
  ownerId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  const status = await findJobStatus(app.db, "comparisons", ownerId, id) ??
    notFound("comparison", id);
  if (status === "queued" || status === "running") {
    await app.jobs.cancel({ id, kind: "compare", ownerId });
  }
  if (!(await deleteJobRow(app.db, "comparisons", ownerId, id))) notFound("comparison", id);
  app.events.forget(id);
  return { id, deleted: true };
}
