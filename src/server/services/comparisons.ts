/** Comparison use cases: create (queued), read with deltas and best, list, delete. */
import { BASELINE_STRATEGY, comparedNames } from "../../engine/mod.ts";
import type { ComparisonSummary, ComparisonView } from "../../db/codec/comparisons.ts";
import {
  findComparisonJob,
  findComparisonView,
  insertQueuedComparison,
  listComparisonSummaries,
} from "../../db/comparisons.ts";
import type { App } from "../app.ts";
import { badRequest, notFound } from "../errors.ts";
import { insertQueuedSchedule } from "../../db/schedules.ts";
import type { CompareCreateInput, CompareListInput } from "../routers/_inputs.ts";
import { inTurn } from "./cpu_turns.ts";
import { effectiveConfig, readAndCheck } from "./run_input.ts";

/** Checks the request, stores it as queued, hands it to the job queue; in turn, as a schedule's. */
export function createComparison(
  app: App,
  ownerId: string,
  input: CompareCreateInput,
): Promise<{ id: string; status: "queued" }> {
  return inTurn(() => storeComparison(app, ownerId, input));
}

async function storeComparison(
  app: App,
  ownerId: string,
  input: CompareCreateInput,
): Promise<{ id: string; status: "queued" }> {
  const { config } = await effectiveConfig(app.db, ownerId, input);
  const { lots, request } = readAndCheck(
    input,
    config,
    app.config,
    comparedNames(input.strategies),
  );
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
  await app.jobs.enqueue({ id, kind: "compare", ownerId, strategy: names.join(",") });
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

/**
 * One run of a comparison as a schedule of its own (same lots, config and start), so its Gantt
 * and exports can be opened: comparisons keep each run's KPIs, not its activities.
 */
export async function scheduleComparisonRun(
  app: App,
  ownerId: string,
  input: { id: string; strategy: string },
): Promise<{ id: string; status: "queued" }> {
  const view = await getComparison(app, ownerId, input.id);
  const run = view.runs.find((r) => r.strategy === input.strategy && r.status === "completed");
  if (!run) {
    badRequest(`comparison ${input.id} has no completed run of ${input.strategy}`, [{
      field: "strategy",
      message: `no completed run of ${input.strategy}; runs: ${
        view.runs.map((r) => r.strategy).join(", ")
      }`,
    }]);
  }
  const job = await findComparisonJob(app.db, input.id) ?? notFound("comparison", input.id);
  const id = crypto.randomUUID();
  const config = { ...job.config, strategy: run.strategy };
  await insertQueuedSchedule(app.db, {
    id,
    ownerId,
    name: `${view.name ?? "comparison"}: ${run.strategy}`,
    strategy: run.strategy,
    templateId: null,
    lots: job.lots,
    config,
    // Every value was settled when the comparison was made.
    sources: Object.fromEntries(Object.keys(config).map((k) => [k, "comparison"])),
    startMs: job.startMs,
  });
  await app.jobs.enqueue({ id, kind: "schedule", ownerId, strategy: run.strategy });
  return { id, status: "queued" };
}
