/** What both job tables (schedules, comparisons) share: status changes, recovery, job state. */
import type { Bound, Kpis, Lot, SchedulerConfig } from "../engine/mod.ts";
import { decodeStrategies } from "./codec/comparisons.ts";
import {
  boundSchema,
  decodeConfig,
  decodeLots,
  decodeOrNull,
  encode,
  kpisSchema,
  nowIso,
} from "./codec/values.ts";
import { type Selectable, type SelectQueryBuilder, sql } from "kysely";
import type { Db } from "./open.ts";
import type { Database, JobStatus } from "./schema.ts";

/** A query over either job table. */
type JobQuery = SelectQueryBuilder<Database, JobTable, object>;

export type JobTable = "schedules" | "comparisons";

/** What every queued job stores, whichever its table. */
export interface QueuedJob {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string | null;
  readonly lots: readonly Lot[];
  readonly config: SchedulerConfig;
  readonly startMs: number;
}

/** The columns both job tables fill the same way for a new, queued job. */
export function queuedColumns(j: QueuedJob) {
  const at = nowIso();
  return {
    id: j.id,
    owner_id: j.ownerId,
    name: j.name,
    status: "queued" as const,
    lot_count: j.lots.length,
    // The lots as given, without anything a caller may have hung on them.
    lots_json: encode(
      j.lots.map(({ id, type, vials, line, dueMs, priority }) => ({
        id,
        type,
        vials,
        ...(line !== undefined ? { line } : {}),
        ...(dueMs !== undefined ? { dueMs } : {}),
        ...(priority !== undefined ? { priority } : {}),
      })),
    ),
    config_json: encode(j.config),
    start_at: new Date(j.startMs).toISOString(),
    error: null,
    created_at: at,
    started_at: null,
    finished_at: null,
    updated_at: at,
  };
}

/** The stored input of a job, as a worker runs it. */
export interface JobInput {
  readonly lots: Lot[];
  readonly config: SchedulerConfig;
  readonly startMs: number;
}

/** Decodes the input columns both job tables share. */
export function jobInputOf(
  row: { lots_json: string; config_json: string; start_at: string },
): JobInput {
  return {
    lots: decodeLots(row.lots_json),
    config: decodeConfig(row.config_json),
    startMs: Date.parse(row.start_at),
  };
}

/** The table of a job kind. */
export function tableOf(kind: "schedule" | "compare"): JobTable {
  return kind === "schedule" ? "schedules" : "comparisons";
}

/**
 * Starts of a job that a server stop interrupted before it is failed instead of run again: a job
 * that brings the server down (out of memory, say) must not do so on every restart.
 */
export const MAX_ATTEMPTS = 3;

/** Sets a job running from one of `from`, counting the start; the starts so far, or null. */
async function startRun(
  db: Db,
  table: JobTable,
  id: string,
  from: JobStatus[],
): Promise<number | null> {
  const at = nowIso();
  const r = await db.updateTable(table)
    .set((eb) => ({
      status: "running",
      started_at: at,
      updated_at: at,
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "=", id).where("status", "in", from)
    .returning("attempts").executeTakeFirst();
  return r ? Number(r.attempts) : null;
}

/** Sets a queued job running; false if it is no longer queued (cancelled or deleted meanwhile). */
export async function markStarted(db: Db, table: JobTable, id: string): Promise<boolean> {
  return (await startRun(db, table, id, ["queued"])) !== null;
}

/**
 * Sets a job running for one run from a shared queue: queued, or left running by an instance
 * that stopped. Returns how often it has been started now, or null if it ended or is gone.
 */
export function markRunStarted(db: Db, table: JobTable, id: string): Promise<number | null> {
  return startRun(db, table, id, ["queued", "running"]);
}

/** Ends an unfinished job as failed or cancelled; false if it had already ended. */
export async function markEnded(
  db: Db,
  table: JobTable,
  id: string,
  status: "failed" | "cancelled",
  error: string | null = null,
): Promise<boolean> {
  const at = nowIso();
  const r = await db.updateTable(table)
    .set({ status, error, finished_at: at, updated_at: at })
    .where("id", "=", id).where("status", "in", ["queued", "running"]).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** A job left unfinished by a stopped server. */
export interface UnfinishedJob {
  readonly id: string;
  readonly kind: "schedule" | "compare";
  readonly ownerId: string;
  readonly status: JobStatus;
  readonly createdAt: string;
  /** The strategy; comparisons list theirs comma-separated. */
  readonly strategy: string;
}

/**
 * Puts every running job back to queued (failing those started MAX_ATTEMPTS times already) and
 * returns all unfinished jobs, oldest first.
 */
export async function requeueUnfinished(db: Db): Promise<UnfinishedJob[]> {
  const out: UnfinishedJob[] = [];
  for (const [table, kind] of [["schedules", "schedule"], ["comparisons", "compare"]] as const) {
    const at = nowIso();
    await db.updateTable(table).set({
      status: "failed",
      error: `the server stopped ${MAX_ATTEMPTS} times while running this job; it is not retried`,
      finished_at: at,
      updated_at: at,
    }).where("status", "=", "running").where("attempts", ">=", MAX_ATTEMPTS).execute();
    await db.updateTable(table).set({ status: "queued", started_at: null, updated_at: at })
      .where("status", "=", "running").execute();
    const rows = table === "schedules"
      ? await db.selectFrom(table).select(["id", "owner_id", "status", "created_at", "strategy"])
        .where("status", "=", "queued").execute()
      : (await db.selectFrom(table)
        .select(["id", "owner_id", "status", "created_at", "strategies_json"])
        .where("status", "=", "queued").execute())
        .map((r) => ({ ...r, strategy: decodeStrategies(r.strategies_json).join(",") }));
    for (const r of rows) {
      out.push({
        id: r.id,
        kind,
        ownerId: r.owner_id,
        status: r.status,
        createdAt: r.created_at,
        strategy: r.strategy,
      });
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A job's stored state: its status, and for a finished one the result or the error. */
export interface JobRecord {
  readonly id: string;
  readonly ownerId: string;
  readonly status: JobStatus;
  /** Comparisons: canonical strategy names in run order; schedules: none. */
  readonly strategies: readonly string[];
  /** A comparison reports the KPIs and bound of its best run. */
  readonly kpis: Kpis | null;
  readonly bound: Bound | null;
  readonly error: string | null;
}

/** The job `id` of `kind` if it exists and belongs to `ownerId`; otherwise null. */
export async function findJobRecord(
  db: Db,
  kind: "schedule" | "compare",
  id: string,
  ownerId: string,
): Promise<JobRecord | null> {
  if (kind === "schedule") {
    const row = await db.selectFrom("schedules")
      .select(["id", "owner_id", "status", "kpis_json", "bound_json", "error"])
      .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      ownerId: row.owner_id,
      status: row.status,
      strategies: [],
      kpis: decodeOrNull("kpis_json", row.kpis_json, kpisSchema),
      bound: decodeOrNull("bound_json", row.bound_json, boundSchema),
      error: row.error,
    };
  }
  const row = await db.selectFrom("comparisons")
    .select(["id", "owner_id", "status", "strategies_json", "best", "error"])
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  if (!row) return null;
  const best = row.status === "completed" && row.best !== null
    ? await db.selectFrom("comparison_runs").select(["kpis_json", "bound_json"])
      .where("comparison_id", "=", id).where("strategy", "=", row.best).executeTakeFirst()
    : undefined;
  return {
    id: row.id,
    ownerId: row.owner_id,
    status: row.status,
    strategies: decodeStrategies(row.strategies_json),
    kpis: decodeOrNull("kpis_json", best?.kpis_json ?? null, kpisSchema),
    bound: decodeOrNull("bound_json", best?.bound_json ?? null, boundSchema),
    error: row.error,
  };
}

/** The status of the owner's job in `table`, or null (also when it belongs to someone else). */
export async function findJobStatus(
  db: Db,
  table: JobTable,
  ownerId: string,
  id: string,
): Promise<JobStatus | null> {
  const row = await db.selectFrom(table).select("status")
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  return row?.status ?? null;
}

/** What identifies one state of a job's row: every update changes one of these. */
export interface JobStamp {
  readonly status: JobStatus;
  readonly updatedAt: string;
  /** Starts so far (a shared queue can start a running job again within one millisecond). */
  readonly attempts: number;
}

/** The stamp of the owner's job in `table`, or null (as `findJobStatus`). */
export async function findJobStamp(
  db: Db,
  table: JobTable,
  ownerId: string,
  id: string,
): Promise<JobStamp | null> {
  const row = await db.selectFrom(table).select(["status", "updated_at", "attempts"])
    .where("id", "=", id).where("owner_id", "=", ownerId).executeTakeFirst();
  return row
    ? { status: row.status, updatedAt: row.updated_at, attempts: Number(row.attempts) }
    : null;
}

/** Deletes the owner's job from `table` (comparison runs cascade); false if there was none. */
export async function deleteJobRow(
  db: Db,
  table: JobTable,
  ownerId: string,
  id: string,
): Promise<boolean> {
  const r = await db.deleteFrom(table).where("id", "=", id).where("owner_id", "=", ownerId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Which page of a list, and optional status, name text and creation range to keep. */
export interface PageFilter {
  readonly page: number;
  readonly pageSize: number;
  readonly status?: JobStatus | undefined;
  /** Name contains this text (case-insensitive for ASCII). */
  readonly search?: string | undefined;
  /** Created at or after / at or before these instants (ISO 8601). */
  readonly createdFrom?: string | undefined;
  readonly createdTo?: string | undefined;
}

/** One page of the owner's rows of `table`, newest first, and the total matching. */
export async function listJobRows<
  T extends JobTable,
  C extends keyof Selectable<Database[T]> & string,
>(
  db: Db,
  table: T,
  ownerId: string,
  f: PageFilter,
  columns: readonly C[],
  narrow: (q: JobQuery) => JobQuery = (q) => q,
): Promise<{ rows: Pick<Selectable<Database[T]>, C>[]; total: number }> {
  let q: JobQuery = db.selectFrom(table as JobTable).where("owner_id", "=", ownerId);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.search) {
    // LIKE with the wildcards of the text escaped, so "50%" means the characters; both sides
    // lower-cased because Postgres' LIKE heeds case where SQLite's does not.
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(name) like lower(${pattern}) escape '\\'`);
  }
  // Stored instants are UTC ISO strings, so they compare as text once the bounds are too.
  if (f.createdFrom) q = q.where("created_at", ">=", new Date(f.createdFrom).toISOString());
  if (f.createdTo) q = q.where("created_at", "<=", new Date(f.createdTo).toISOString());
  q = narrow(q);
  const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total"))
    .executeTakeFirstOrThrow();
  // The columns of one table, which the query over either table cannot name in its types.
  const rows = await q.select(columns as unknown as readonly ("id" | "status")[])
    .orderBy("created_at", "desc").orderBy("id", "desc")
    .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
  return { rows: rows as unknown as Pick<Selectable<Database[T]>, C>[], total: Number(total) };
}
