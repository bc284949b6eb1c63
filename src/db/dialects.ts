/**
 * The two databases the service runs on, and everything that differs between them, decided here:
 * which URL selects which, the kysely dialect, the session settings, the error codes of storage
 * faults and of a taken unique key, and how a live database is copied.
 *
 * The schema is written so that values need no translation: instants are UTC ISO 8601 text (they
 * sort as text), JSON columns are text, ids are UUID text (no autoincrement), there are no boolean
 * columns, fractional numbers are `double precision` (SQLite's REAL) and Postgres' 64-bit integers
 * (counts) are read as numbers (`postgres_pool.ts`).
 */
import { createClient } from "@libsql/client";
import { type Dialect, type Kysely, PostgresAdapter, PostgresDialect, sql } from "kysely";
import type { DbFaults, StorageFault } from "./faults.ts";
import { LibsqlDialect } from "./libsql_dialect.ts";
import "./libsql_statements.ts";
import { postgresPool } from "./postgres_pool.ts";

export type DbKind = "sqlite" | "postgres";

/** `postgres://…` and `postgresql://…` select Postgres; anything else is a libSQL URL. */
export function dbKindOfUrl(url: string): DbKind {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgres" : "sqlite";
}

/** The kind of an open database. */
// deno-lint-ignore no-explicit-any
export function dbKindOf(db: Kysely<any>): DbKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** What opening a database of either kind needs. */
export interface DialectOptions {
  readonly url: string;
  readonly authToken?: string | undefined;
  /** SQLite busy timeout, ms (Postgres waits for locks by itself). */
  readonly busyTimeoutMs: number;
  readonly faults?: DbFaults | undefined;
}

/** The kysely dialect for `opts.url`. */
export function dialectFor(opts: DialectOptions, localFile: boolean): Dialect {
  const faults = opts.faults ?? null;
  if (dbKindOfUrl(opts.url) === "postgres") {
    return new PostgresDialect({ pool: postgresPool(opts.url, faults) });
  }
  const client = createClient({
    url: opts.url,
    ...(opts.authToken ? { authToken: opts.authToken } : {}),
    ...(localFile ? { timeout: opts.busyTimeoutMs } : {}),
  });
  return new LibsqlDialect(client, faults ? { faults } : {});
}

/** Session settings a local SQLite file needs before use; Postgres needs none. */
// deno-lint-ignore no-explicit-any
export async function prepareLocalFile(db: Kysely<any>, busyTimeoutMs: number): Promise<void> {
  // WAL lets readers run while a writer commits; it is stored in the file, so once is enough.
  await sql`PRAGMA journal_mode = WAL`.execute(db);
  // libSQL runs a local file on the server's thread, where an fsync per commit stalled every
  // request during bursts of writes. With WAL, NORMAL syncs at checkpoints only: a crash of the
  // process loses nothing (the WAL is in the OS), a power cut may lose the last commits, and the
  // file stays consistent either way.
  await sql`PRAGMA synchronous = NORMAL`.execute(db);
  await sql.raw(`PRAGMA busy_timeout = ${Math.floor(busyTimeoutMs)}`).execute(db);
  await sql`PRAGMA foreign_keys = ON`.execute(db);
}

/**
 * Error codes of storage faults: SQLite's (libSQL puts them on `code`, extended codes such as
 * SQLITE_IOERR_WRITE fold to their base) and Postgres' SQLSTATEs plus the socket errors of a lost
 * server.
 */
export const FAULT_CODES: Readonly<Record<string, StorageFault>> = {
  SQLITE_BUSY: "busy",
  SQLITE_LOCKED: "busy",
  SQLITE_FULL: "full",
  SQLITE_READONLY: "readonly",
  SQLITE_CANTOPEN: "io",
  SQLITE_IOERR: "io",
  "40001": "busy", // serialization_failure
  "40P01": "busy", // deadlock_detected
  "55P03": "busy", // lock_not_available
  "53300": "busy", // too_many_connections
  "53100": "full", // disk_full
  "25006": "readonly", // read_only_sql_transaction
  "57P01": "io", // admin_shutdown
  "57P02": "io", // crash_shutdown
  "57P03": "io", // cannot_connect_now
  "08000": "io", // connection_exception
  "08003": "io", // connection_does_not_exist
  "08006": "io", // connection_failure
  ECONNREFUSED: "io",
  ECONNRESET: "io",
};

/** Whether `e` (or its cause) is a violated unique key: SQLite's extended code or SQLSTATE 23505. */
export function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 5; depth++) {
    const code = (x as { code?: unknown }).code;
    if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505") return true;
    if (code === "SQLITE_CONSTRAINT" && /UNIQUE/.test(String((x as Error).message))) return true;
    x = (x as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Writes a consistent copy of a live SQLite database to the new file `path` (VACUUM INTO reads one
 * snapshot while writers go on). A Postgres server is copied with its own tools.
 */
// deno-lint-ignore no-explicit-any
export async function copyLiveDb(db: Kysely<any>, path: string): Promise<void> {
  if (dbKindOf(db) === "postgres") {
    throw new Error(
      "a Postgres database is backed up with pg_dump (e.g. pg_dump -Fc -f FILE URL), not db:backup",
    );
  }
  await sql`VACUUM INTO ${path}`.execute(db);
}
