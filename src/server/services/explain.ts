/**
 * Explanations of stored schedules: why each CLEAN and changeover and why the plan cannot be
 * better (cheap, computed on request), and what-if re-solves, which run in a worker of their own
 * so the server keeps answering, bounded by their time budget.
 */
import { TRPCError } from "@trpc/server";
import {
  explainSchedule,
  type Explanation,
  registry,
  type Schedule,
  standardScenarios,
  type WhatIfResult,
  type WhatIfScenario,
} from "../../engine/mod.ts";
import { findScheduleJob, findStoredSchedule } from "../../db/schedules.ts";
import type { App } from "../app.ts";
import { badRequest, notFound } from "../errors.ts";
import type { WorkerReply, WorkerRequest } from "../worker_protocol.ts";

/** Extra time a what-if worker gets beyond its budget (start-up, the last bound step). */
const WORKER_GRACE_MS = 10_000;

/** Users with a what-if running: one at a time each, so one client cannot fill the machine. */
const running = new Set<string>();

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

/** Why each CLEAN, each changeover, and the bound's certificate. */
export async function explainStoredSchedule(
  app: App,
  ownerId: string,
  id: string,
): Promise<Explanation> {
  const schedule = await completedSchedule(app, ownerId, id);
  return explainSchedule(schedule, kindOf(schedule.strategy));
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
  if (running.has(ownerId)) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: "a what-if of yours is still running; try again when it has finished",
    });
  }
  running.add(ownerId);
  try {
    const baseline = { makespanHours: schedule.kpis.makespanHours, cleans: schedule.kpis.cleans };
    const results = await inWorker({
      type: "whatIf",
      jobId: crypto.randomUUID(),
      lots: job.lots,
      config: job.config,
      strategy: schedule.strategy,
      scenarios,
      budgetMs: input.budgetMs,
      baseline,
    }, input.budgetMs + WORKER_GRACE_MS);
    return {
      baseline: { ...baseline, gapPct: schedule.bound.gapPct, strategy: schedule.strategy },
      results,
    };
  } finally {
    running.delete(ownerId);
  }
}

/** Runs a what-if request in a new worker; ends it after `limitMs` whatever happens. */
function inWorker(req: WorkerRequest & { type: "whatIf" }, limitMs: number) {
  const worker = new Worker(new URL("../worker.ts", import.meta.url), { type: "module" });
  return new Promise<WhatIfResult[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      finish();
      reject(new TRPCError({ code: "TIMEOUT", message: "the what-if ran past its time budget" }));
    }, limitMs);
    const finish = () => {
      clearTimeout(timer);
      worker.terminate();
    };
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === "ready") return worker.postMessage(req);
      if (m.type === "whatIf") {
        finish();
        resolve([...m.results]);
      } else if (m.type === "error") {
        finish();
        // Input problems are the caller's to fix; anything else is ours and stays unexplained.
        if (!m.issues.length) {
          return reject(
            new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "the what-if failed" }),
          );
        }
        try {
          badRequest(m.message, m.issues);
        } catch (err) {
          reject(err);
        }
      }
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      finish();
      reject(new Error("the what-if worker failed"));
    };
  });
}
