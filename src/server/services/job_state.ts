/**
 * A job's state as its stored row tells it: used to check who may watch a job and to stand in
 * for the event history when the bus no longer has it (after a restart).
 */
import type { Bound, Kpis } from "../../engine/mod.ts";
import { findJobRecord } from "../../db/jobs.ts";
import type { Db } from "../../db/open.ts";
import type { JobStatus } from "../../db/schema.ts";
import type { JobEvent, JobKind } from "./job_events.ts";

/** The parts of a job row the live transport needs. */
export interface JobState {
  readonly id: string;
  readonly kind: JobKind;
  readonly ownerId: string;
  readonly status: JobStatus;
  /** Comparisons: canonical strategy names in run order. */
  readonly strategies: readonly string[];
  /** The event that describes the row's state now. */
  readonly event: JobEvent;
}

/** Maps a status (and its result columns) to the event that announced it. */
export function eventOfStatus(
  status: JobStatus,
  result: { kpis: Kpis | null; bound: Bound | null; error: string | null },
): JobEvent {
  switch (status) {
    case "queued":
      return { type: "queued" };
    case "running":
      return { type: "started" };
    case "completed":
      return { type: "completed", kpis: result.kpis, bound: result.bound };
    case "failed":
      return { type: "failed", error: result.error ?? "the job failed (no reason was stored)" };
    case "cancelled":
      return { type: "cancelled" };
  }
}

/** The job `id` of `kind` if it exists and belongs to `ownerId`; otherwise null. */
export async function loadJobState(
  db: Db,
  kind: JobKind,
  id: string,
  ownerId: string,
): Promise<JobState | null> {
  const r = await findJobRecord(db, kind, id, ownerId);
  if (!r) return null;
  return {
    id: r.id,
    kind,
    ownerId: r.ownerId,
    status: r.status,
    strategies: r.strategies,
    event: eventOfStatus(r.status, r),
  };
}
