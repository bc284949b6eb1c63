/** Comparison use cases: create (queued), read with deltas and best, list, delete. */
import { BASELINE_STRATEGY, comparedNames } from "../../engine/compare.ts";
import {
  type ComparisonSummary,
  type ComparisonView,
  encode,
  nowIso,
  toComparisonSummary,
  toComparisonView,
} from "../../db/codec.ts";
import {
  deleteComparisonRow,
  getComparisonRows,
  insertComparison,
  listComparisonRows,
} from "../../db/comparisons.ts";
import type { JobStatus } from "../../db/schema.ts";
import type { App } from "../app.ts";
import { notFound } from "../errors.ts";
import {
  checkRun,
  type ConfigInput,
  effectiveConfig,
  type LotsInput,
  readLots,
} from "./run_input.ts";

/** A comparison request. */
export interface CreateComparisonInput extends LotsInput, Omit<ConfigInput, "strategy"> {
  readonly strategies: readonly string[] | "all";
  readonly name?: string | undefined;
}

/** Checks the request, stores it as queued, hands it to the job queue. */
export async function createComparison(
  app: App,
  ownerId: string,
  input: CreateComparisonInput,
): Promise<{ id: string; status: "queued" }> {
  const { config } = await effectiveConfig(app.db, ownerId, input);
  const lots = readLots(input, config, app.config);
  const request = checkRun(lots, config, comparedNames(input.strategies));
  const names = request.runs.map((r) => r.strategy.name);
  const id = crypto.randomUUID();
  const at = nowIso();
  await insertComparison(app.db, {
    id,
    owner_id: ownerId,
    name: input.name ?? null,
    status: "queued",
    strategies_json: encode(names),
    lot_count: lots.length,
    lots_json: encode(lots),
    config_json: encode(request.config),
    start_at: new Date(request.startMs).toISOString(),
    best: null,
    error: null,
    created_at: at,
    started_at: null,
    finished_at: null,
    updated_at: at,
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
  const found = await getComparisonRows(app.db, ownerId, id);
  if (!found) notFound("comparison", id);
  return toComparisonView(found.row, found.runs, BASELINE_STRATEGY);
}

/** A page of the owner's comparisons, newest first. */
export async function listComparisons(
  app: App,
  ownerId: string,
  f: { page: number; pageSize: number; status?: JobStatus | undefined },
): Promise<{ items: ComparisonSummary[]; total: number; page: number; pageSize: number }> {
  const { rows, total } = await listComparisonRows(app.db, ownerId, f);
  return { items: rows.map(toComparisonSummary), total, page: f.page, pageSize: f.pageSize };
}

/** Cancels a queued or running comparison. */
export async function cancelComparison(
  app: App,
  ownerId: string,
  id: string,
): Promise<{ id: string; status: JobStatus }> {
  if (!(await getComparisonRows(app.db, ownerId, id))) notFound("comparison", id);
  await app.jobs.cancel({ id, kind: "compare", ownerId });
  const found = await getComparisonRows(app.db, ownerId, id);
  return { id, status: found?.row.status ?? "cancelled" };
}

/** Deletes a comparison (cancelling it first if unfinished). */
export async function deleteComparison(
  app: App,
  ownerId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  const found = await getComparisonRows(app.db, ownerId, id);
  if (!found) notFound("comparison", id);
  if (found.row.status === "queued" || found.row.status === "running") {
    await app.jobs.cancel({ id, kind: "compare", ownerId });
  }
  if (!(await deleteComparisonRow(app.db, ownerId, id))) notFound("comparison", id);
  app.events.forget(id);
  return { id, deleted: true };
}
