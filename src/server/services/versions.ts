/**
 * Versions of stored schedules: a re-plan from `now` and a rush lot each store a new version
 * linked to its parent; a lineage lists them; a diff compares any two. Every call is scoped to
 * the owner (another user's schedule is NOT_FOUND).
 */
import {
  applyRushLot,
  changesBetween,
  diffSchedules,
  frozenPrefix,
  InputError,
  type InsertOption,
  type LotChanges,
  rankRushLot,
  registry,
  type ReplanReport,
  resolveOptions,
  type RushRanking,
  type Schedule,
  type ScheduleDiff,
  type SchedulerConfig,
} from "../../engine/mod.ts";
import type { ScheduleView } from "../../db/codec/schedules.ts";
import {
  findScheduleView,
  findStoredSchedule,
  insertScheduleVersion,
  type LineageEntry,
  listLineage,
} from "../../db/schedules.ts";
import type { App } from "../app.ts";
import { badRequest, notFound } from "../errors.ts";
import type {
  ScheduleReplanInput,
  ScheduleRushApplyInput,
  ScheduleRushOptionsInput,
} from "../routers/_inputs.ts";
import { readLots } from "./run_input.ts";
import { inWorker, oneAtATime, WORKER_GRACE_MS } from "./solve_worker.ts";

const HOUR_MS = 3_600_000;

/** The owner's completed schedule with its stored row; NOT_FOUND or BAD_REQUEST otherwise. */
async function completed(
  app: App,
  ownerId: string,
  id: string,
  field = "id",
): Promise<{ schedule: Schedule; view: ScheduleView }> {
  const stored = await findStoredSchedule(app.db, ownerId, id) ?? notFound("schedule", id);
  const view = await findScheduleView(app.db, ownerId, id) ?? notFound("schedule", id);
  if (!stored.schedule) {
    badRequest(`schedule ${id} is ${stored.status}; only completed schedules have versions`, [{
      code: "NOT_COMPLETED",
      field,
      message: `${field} must name a completed schedule, got ${id} (${stored.status})`,
    }]);
  }
  return { schedule: stored.schedule, view };
}

/** An engine input error as BAD_REQUEST; anything else goes on. */
async function asBadRequest<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof InputError) badRequest(e.message.split(":")[0]!, e.issues);
    throw e;
  }
}

/** Stores a planned version of `parent`; returns its id and version number. */
async function storeVersion(
  app: App,
  ownerId: string,
  parent: ScheduleView,
  schedule: Schedule,
  config: SchedulerConfig,
  change: unknown,
  name: string | undefined,
): Promise<{ id: string; version: number }> {
  const id = crypto.randomUUID();
  const stored = await insertScheduleVersion(app.db, {
    id,
    ownerId,
    parentId: parent.id,
    name: name ?? parent.name,
    strategy: schedule.strategy,
    templateId: parent.templateId,
    lots: schedule.plan.flat(),
    config,
    sources: parent.configSources,
    startMs: schedule.startMs,
    schedule,
    change,
  }) ?? notFound("schedule", parent.id);
  return { id, version: stored.version };
}

/** Re-plans the owner's schedule from `now` in a worker of its own and stores the new version. */
export async function replanStoredSchedule(
  app: App,
  ownerId: string,
  input: ScheduleReplanInput,
): Promise<{ id: string; version: number; report: ReplanReport }> {
  const { schedule: parent, view } = await completed(app, ownerId, input.id);
  const nowMs = input.now !== undefined ? Date.parse(input.now) : Date.now();
  const given = [input.changes, input.lots, input.csv].filter((x) => x !== undefined).length;
  if (given > 1) {
    badRequest("invalid re-plan", [{
      code: "LOTS_OR_CSV",
      field: "changes",
      message: "give the changes, or the lots as they are now (lots or csv), not several",
    }]);
  }
  let changes: LotChanges = input.changes ?? {};
  if (input.lots !== undefined || input.csv !== undefined) {
    const now = readLots(input, view.config, app.config);
    const prefix = frozenPrefix(
      parent.plan,
      parent.config,
      (nowMs - parent.startMs) / HOUR_MS,
      input.freezeBlock,
    );
    changes = changesBetween(parent.plan.flat(), now, prefix.frozenIds);
  }
  const config = view.config;
  const budgetMs = input.boundBudgetMs + searchMs(config, input.strategy ?? parent.strategy);
  const reply = await oneAtATime(ownerId, () =>
    inWorker(app, {
      type: "replan",
      jobId: crypto.randomUUID(),
      parent,
      config,
      options: {
        nowMs,
        changes,
        freezeBlock: input.freezeBlock,
        strategy: input.strategy ?? parent.strategy,
        boundBudgetMs: input.boundBudgetMs,
        ...(input.keepOrderWithinHours !== undefined
          ? { keepOrderWithinHours: input.keepOrderWithinHours }
          : {}),
      },
    }, budgetMs + WORKER_GRACE_MS));
  if (reply.type !== "replan") throw new Error("the re-plan worker answered out of turn");
  const stored = await storeVersion(
    app,
    ownerId,
    view,
    reply.schedule,
    { ...config, strategy: reply.schedule.strategy },
    { kind: "replan", ...reply.report },
    input.name,
  );
  return { ...stored, report: reply.report };
}

/** The longest the strategy's own time limit lets it search, ms (0 for heuristics). */
function searchMs(config: SchedulerConfig, strategy: string): number {
  if (!registry.has(strategy)) return 0; // the engine refuses the name, naming the valid ones
  const s = registry.resolve(strategy);
  const { options } = resolveOptions(s, config.strategyOptions[s.name]);
  const sec = Number(options.timeLimitSec ?? 0);
  return Number.isFinite(sec) ? Math.max(0, sec * 1000) : 0;
}

/** The ranked places for one rush lot in the owner's schedule (the best `limit`). */
export async function rushLotOptions(
  app: App,
  ownerId: string,
  input: ScheduleRushOptionsInput,
): Promise<RushRanking & { total: number }> {
  const { schedule, view } = await completed(app, ownerId, input.id);
  const ranking = await asBadRequest(() =>
    rankRushLot(schedule, view.config, input.lot, {
      ...(input.now !== undefined ? { nowMs: Date.parse(input.now) } : {}),
      freezeBlock: input.freezeBlock,
    })
  );
  return {
    ...ranking,
    options: ranking.options.slice(0, input.limit),
    total: ranking.options.length,
  };
}

/** The rush lot placed where asked, stored as a new version of the owner's schedule. */
export async function applyStoredRushLot(
  app: App,
  ownerId: string,
  input: ScheduleRushApplyInput,
): Promise<{ id: string; version: number; option: InsertOption }> {
  const { schedule, view } = await completed(app, ownerId, input.id);
  const { schedule: next, option, remainder } = await asBadRequest(() =>
    applyRushLot(schedule, view.config, input.lot, input.at, {
      ...(input.now !== undefined ? { nowMs: Date.parse(input.now) } : {}),
      freezeBlock: input.freezeBlock,
      // Closed-form bounds only: this runs on the server's thread and answers at once.
      boundBudgetMs: 0,
    })
  );
  const stored = await storeVersion(
    app,
    ownerId,
    view,
    next,
    view.config,
    { kind: "rush-lot", lotId: input.lot.id, option, remainder },
    input.name,
  );
  return { ...stored, option };
}

/** Every version of the lineage the owner's schedule belongs to, oldest first. */
export async function scheduleVersions(
  app: App,
  ownerId: string,
  id: string,
): Promise<LineageEntry[]> {
  return await listLineage(app.db, ownerId, id) ?? notFound("schedule", id);
}

/** What changed from the owner's schedule `a` to `b` (both completed). */
export async function diffStoredSchedules(
  app: App,
  ownerId: string,
  input: { a: string; b: string },
): Promise<ScheduleDiff> {
  const a = await completed(app, ownerId, input.a, "a");
  const b = await completed(app, ownerId, input.b, "b");
  return diffSchedules(a.schedule, b.schedule);
}
