/**
 * Explanations of stored schedules: why each CLEAN and changeover and why the plan cannot be
 * better, and what-if re-solves. Anything that solves (the lots' prices behind a
 * column-generation bound, the what-ifs) runs in a worker of its own, so the server keeps
 * answering, and is ended after its time budget whatever happens.
 */
import {
  explainSchedule,
  type Explanation,
  needsPrices,
  type PriceCertificate,
  registry,
  type Schedule,
  standardScenarios,
  type WhatIfResult,
  type WhatIfScenario,
} from "../../engine/mod.ts";
import { findScheduleJob, findStoredSchedule } from "../../db/schedules.ts";
import type { App } from "../app.ts";
import { badRequest, notFound } from "../errors.ts";
import { inWorker, oneAtATime, WORKER_GRACE_MS } from "./solve_worker.ts";

/** Lot prices returned by explain (most overhead first); the full list can be 10,000 long. */
const PRICES_SHOWN = 100;

/** Explanations already made (a completed schedule never changes), newest last. */
const CACHE_SIZE = 64;
const cache = new Map<string, Promise<PriceCertificate | null>>();

/** The owner's completed schedule; NOT_FOUND or BAD_REQUEST (not completed) otherwise. */
async function completedSchedule(app: App, ownerId: string, id: string): Promise<Schedule> {
  const stored = await findStoredSchedule(app.db, ownerId, id) ?? notFound("schedule", id);
  if (!stored.schedule) {
    badRequest(`schedule ${id} is ${stored.status}; only completed schedules can be explained`, [{
      field: "id",
      message: `id must name a completed schedule, got ${id} (${stored.status})`,
    }]);
  }
  return stored.schedule;
}

function kindOf(strategy: string): "heuristic" | "optimizer" {
  return registry.has(strategy) ? registry.resolve(strategy).kind : "heuristic";
}

/** Why each CLEAN, each changeover, and the bound's certificate (with the lots' prices). */
export async function explainStoredSchedule(
  app: App,
  ownerId: string,
  input: { id: string; budgetMs: number },
): Promise<Explanation> {
  const schedule = await completedSchedule(app, ownerId, input.id);
  let prices: PriceCertificate | null = null;
  if (needsPrices(schedule)) prices = await lotPrices(app, ownerId, input.id, input.budgetMs);
  const e = explainSchedule(schedule, kindOf(schedule.strategy), prices);
  return {
    ...e,
    certificate: { ...e.certificate, lotPrices: e.certificate.lotPrices.slice(0, PRICES_SHOWN) },
  };
}

function lotPrices(
  app: App,
  ownerId: string,
  id: string,
  budgetMs: number,
): Promise<PriceCertificate | null> {
  const key = `${id}\u0000${budgetMs}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const made = (async () => {
    const job = await findScheduleJob(app.db, id) ?? notFound("schedule", id);
    const reply = await oneAtATime(ownerId, () =>
      inWorker(
        app,
        {
          type: "prices",
          jobId: crypto.randomUUID(),
          lots: job.lots,
          config: job.config,
          budgetMs,
        },
        budgetMs + WORKER_GRACE_MS,
      ));
    return reply.type === "prices" ? reply.certificate : null;
  })();
  cache.set(key, made);
  // A failure is not kept; the oldest entries go first.
  made.catch(() => cache.delete(key));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return made;
}

/** The what-if comparison: the plan as it is, then each change set re-solved with its bound. */
export async function whatIfStoredSchedule(
  app: App,
  ownerId: string,
  input: { id: string; changes?: WhatIfScenario[] | undefined; budgetMs: number },
): Promise<{
  baseline: { makespanHours: number; cleans: number; gapPct: number; strategy: string };
  results: WhatIfResult[];
}> {
  const schedule = await completedSchedule(app, ownerId, input.id);
  const job = await findScheduleJob(app.db, input.id) ?? notFound("schedule", input.id);
  const scenarios = input.changes ?? standardScenarios(job.lots, job.config);
  const baseline = { makespanHours: schedule.kpis.makespanHours, cleans: schedule.kpis.cleans };
  const reply = await oneAtATime(ownerId, () =>
    inWorker(app, {
      type: "whatIf",
      jobId: crypto.randomUUID(),
      lots: job.lots,
      config: job.config,
      strategy: schedule.strategy,
      scenarios,
      budgetMs: input.budgetMs,
      baseline,
    }, input.budgetMs + WORKER_GRACE_MS));
  return {
    baseline: { ...baseline, gapPct: schedule.bound.gapPct, strategy: schedule.strategy },
    results: reply.type === "whatIf" ? [...reply.results] : [],
  };
}
