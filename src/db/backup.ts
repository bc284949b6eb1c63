/** A consistent copy of a live database, to a new file (how depends on the database: dialects.ts). */
import { existsSync } from "node:fs";
import { copyLiveDb } from "./dialects.ts";
import type { Db } from "./open.ts";

/** Writes a compacted copy of `db` to the new file `path`; refuses to overwrite one. */
export async function backupDb(db: Db, path: string): Promise<void> {
  if (existsSync(path)) throw new Error(`${path} exists; choose a new file name`);
  await copyLiveDb(db, path);
}
