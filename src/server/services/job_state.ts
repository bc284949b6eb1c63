/**
 * A job's state as its stored row tells it: used to check who may watch a job and to stand in
 * for the event history when the bus no longer has it (after a restart).
 */
import type { Bound, Kpis } from "../../engine/mod.ts";
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

function parse<T>(json: string | null): T | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
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
  if (kind === "schedule") {
    const row = await db.selectFrom("schedules")
      .select(["id", "owner_id", "status", "kpis_json", "bound_json", "error"])
      .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      kind,
      ownerId: row.owner_id,
      status: row.status,
      strategies: [],
      event: eventOfStatus(row.status, {
        kpis: parse<Kpis>(row.kpis_json),
        bound: parse<Bound>(row.bound_json),
        error: row.error,
      }),
    };
  }
  const row = await db.selectFrom("comparisons")
    .select(["id", "owner_id", "status", "strategies_json", "best", "error"])
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  if (!row) return null;
  // A finished comparison reports the KPIs and bound of its best run.
  const best = row.status === "completed" && row.best !== null
    ? await db.selectFrom("comparison_runs").select(["kpis_json", "bound_json"])
      .where("comparison_id", "=", id).where("strategy", "=", row.best).executeTakeFirst()
    : undefined;
  return {
    id: row.id,
    kind,
    ownerId: row.owner_id,
    status: row.status,
    strategies: parse<string[]>(row.strategies_json) ?? [],
    event: eventOfStatus(row.status, {
      kpis: parse<Kpis>(best?.kpis_json ?? null),
      bound: parse<Bound>(best?.bound_json ?? null),
      error: row.error,
    }),
  };
}
