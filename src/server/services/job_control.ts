/** Cancelling and deleting a job, the same for schedules and comparisons; the owner's jobs only. */
import { deleteJobEvents } from "../../db/job_event_log.ts";
import { deleteJobRow, findJobStatus, tableOf } from "../../db/jobs.ts";
import type { JobStatus } from "../../db/schema.ts";
import type { App } from "../app.ts";
import { notFound } from "../errors.ts";
import type { JobKind } from "./job_events.ts";

/** How a job kind is named in messages. */
const NAME: Record<JobKind, string> = { schedule: "schedule", compare: "comparison" };

/** Cancels a queued or running job; answers its status afterwards. */
export async function cancelJob(
  app: App,
  kind: JobKind,
  ownerId: string,
  id: string,
): Promise<{ id: string; status: JobStatus }> {
  const table = tableOf(kind);
  if (!(await findJobStatus(app.db, table, ownerId, id))) notFound(NAME[kind], id);
  await app.jobs.cancel({ id, kind, ownerId });
  return { id, status: await findJobStatus(app.db, table, ownerId, id) ?? "cancelled" };
}

/**
 * Stops a queued or running job early: unlike cancel, it completes with its best result so far,
 * marked stopped. Answers its status (a stopped job completes moments later).
 */
export async function stopJob(
  app: App,
  kind: JobKind,
  ownerId: string,
  id: string,
): Promise<{ id: string; status: JobStatus; stopping: boolean }> {
  const table = tableOf(kind);
  const status = await findJobStatus(app.db, table, ownerId, id) ?? notFound(NAME[kind], id);
  const stopping = (status === "queued" || status === "running") &&
    await app.jobs.stop({ id, kind, ownerId });
  return { id, status: await findJobStatus(app.db, table, ownerId, id) ?? status, stopping };
}

/** Deletes a job (cancelling it first if it is unfinished) and its events, here and stored. */
export async function deleteJob(
  app: App,
  kind: JobKind,
  ownerId: string,
  id: string,
): Promise<{ id: string; deleted: true }> {
  const table = tableOf(kind);
  const status = await findJobStatus(app.db, table, ownerId, id) ?? notFound(NAME[kind], id);
  if (status === "queued" || status === "running") await app.jobs.cancel({ id, kind, ownerId });
  if (!(await deleteJobRow(app.db, table, ownerId, id))) notFound(NAME[kind], id);
  app.events.forget(id);
  app.views.drop(id);
  await deleteJobEvents(app.db, id);
  return { id, deleted: true };
}
