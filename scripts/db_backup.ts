/**
 * `deno task db:backup FILE`: a consistent copy of the database at FILLSCHED_DB_URL, also while the
 * server runs. Restore: stop the server, put FILE in place of the database file (remove its
 * -wal and -shm files), start the server.
 */
import { backupDb } from "../src/db/backup.ts";
import { openDb } from "../src/db/open.ts";

const file = Deno.args[0];
if (!file || file.startsWith("-")) {
  console.error("usage: deno task db:backup FILE   (FILE must not exist)");
  Deno.exit(file === "--help" || file === "-h" ? 0 : 2);
}
const url = Deno.env.get("FILLSCHED_DB_URL") || "file:data/fillscheduler.db";
const db = await openDb({ url, migrate: false });
try {
  await backupDb(db, file);
  console.log(`backed up ${url} to ${file}`);
} catch (e) {
  console.error(`db:backup: ${e instanceof Error ? e.message : String(e)}`);
  Deno.exitCode = 1;
} finally {
  await db.destroy();
}
