/** Schedule use cases: create (queued at once), read, list, cancel, delete, export. */
import { registry } from "../../engine/mod.ts";
import type { ScheduleSummary, ScheduleView } from "../../db/codec/schedules.ts";
import {
  findScheduleView,
  insertQueuedSchedule,
  listScheduleSummaries,
} from "../../db/schedules.ts";
import type { App } from "../app.ts";
import { notFound } from "../errors.ts";
import { RawJson } from "../raw_json.ts";
import { findJobStamp } from "../../db/jobs.ts";
import { stampOf } from "./kept_views.ts";
import type { ScheduleCreateInput, ScheduleListInput } from "../routers/_inputs.ts";
import { inTurn } from "./cpu_turns.ts";
import { effectiveConfig, readAndCheck } from "./run_input.ts";

/**
 * Checks the request, stores it as queued, hands it to the job queue. Reading, checking,
 * fingerprinting and storing 500 lots holds the thread for milliseconds, so creates take turns
 * (`cpu_turns.ts`): readers are answered between two creates, not after a whole burst.
 */
export function createSchedule(
  app: App,
  ownerId: string,
  input: ScheduleCreateInput,
): Promise<{ id: string; status: "queued" }> {
  return inTurn(() => storeSchedule(app, ownerId, input));
}

async function storeSchedule(
  app: App,
  ownerId: string,
  input: ScheduleCreateInput,
): Promise<{ id: string; status: "queued" }> {
  const { config, sources } = await effectiveConfig(app.db, ownerId, input);
  const { lots, request } = readAndCheck(input, config, app.config);
  const strategy = request.runs[0]!.strategy.name;
  const id = crypto.randomUUID();
  await insertQueuedSchedule(app.db, {
    id,
    ownerId,
    name: input.name ?? null,
    strategy,
    templateId: input.templateId ?? null,
    lots,
    config: request.config,
    sources,
    startMs: request.startMs,
  });
  await app.jobs.enqueue({ id, kind: "schedule", ownerId, strategy });
  return { id, status: "queued" };
}

/**
 * The owner's schedule with its result; NOT_FOUND otherwise. Answered with the view's kept JSON
 * (`kept_views.ts`) when the row has not changed since it was kept: a one-row check of owner and
 * stamp instead of reading and decoding the whole row.
 */
export async function getSchedule(app: App, ownerId: string, id: string): Promise<ScheduleView> {
  const found = await findJobStamp(app.db, "schedules", ownerId, id) ?? notFound("schedule", id);
  const stamp = stampOf(found);
  const kept = app.views.get(id, stamp);
  if (kept) return asAnswer(kept);
  // Read after the stamp: never older than it, so keeping it under that stamp is safe.
  const view = await findScheduleView(app.db, ownerId, id) ?? notFound("schedule", id);
  return asAnswer(app.views.put(id, stamp, view));
}

/** The view's JSON as the answer: the transports write it as it is (`raw_json.ts`). */
function asAnswer(json: Uint8Array): ScheduleView {
  return new RawJson(json) as unknown as ScheduleView;
}

/** A page of the owner's schedules, newest first. */
export async function listSchedules(
  app: App,
  ownerId: string,
  f: ScheduleListInput,
): Promise<{ items: ScheduleSummary[]; total: number; page: number; pageSize: number }> {
  // Filter by the canonical name, so aliases ("spt") find what was stored ("spt-pack").
  const strategy = f.strategy && registry.has(f.strategy)
    ? registry.resolve(f.strategy).name
    : f.strategy;
  const { items, total } = await listScheduleSummaries(app.db, ownerId, { ...f, strategy });
  return { items, total, page: f.page, pageSize: f.pageSize };
}
