/** A consistent copy of a live database: SQLite's VACUUM INTO reads one snapshot while writers go on. */
import { existsSync } from "node:fs";
import { sql } from "kysely";
import type { Db } from "./open.ts";

/** Writes a compacted copy of `db` to the new file `path`; refuses to overwrite one. */
export async function backupDb(db: Db, path: string): Promise<void> {
  if (existsSync(path)) throw new Error(`${path} exists; choose a new file name`);
  await sql`VACUUM INTO ${path}`.execute(db);
}
