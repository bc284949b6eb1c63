/** Opens the database (libSQL or Postgres, by its URL): the kysely dialect, settings, migrations. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Kysely, sql } from "kysely";
import { dialectFor, prepareLocalFile } from "./dialects.ts";
import type { DbFaults } from "./faults.ts";
import { migrateToLatest } from "./migrate.ts";
import type { Database } from "./schema.ts";

export interface DbOptions {
  /** `file:path.db`, `libsql://…`, `http(s)://…`, or `postgres://…`. */
  readonly url: string;
  readonly authToken?: string | undefined;
  /** Run migrations on open (default true). */
  readonly migrate?: boolean;
  /** SQLite busy timeout, ms. */
  readonly busyTimeoutMs?: number;
  /** A fault switch for tests (writes fail as on a full disk while set). */
  readonly faults?: DbFaults;
}

export type Db = Kysely<Database>;

/** The local path of a `file:` URL, or null for remote URLs. */
export function localPath(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  if (url.startsWith("file://")) return fileURLToPath(url);
  const rest = url.slice("file:".length);
  return rest.split("?")[0] ?? rest;
}

/** Opens (creating the folder of a local file), sets a local file's pragmas, and migrates. */
export async function openDb(opts: DbOptions): Promise<Db> {
  const path = localPath(opts.url);
  if (path !== null && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  const db = new Kysely<Database>({
    dialect: dialectFor({ ...opts, busyTimeoutMs }, path !== null),
  });
  try {
    if (path !== null) await prepareLocalFile(db, busyTimeoutMs);
    if (opts.migrate !== false) await migrateToLatest(db as unknown as Kysely<unknown>);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return db;
}

/** Whether the database answers a trivial query. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
