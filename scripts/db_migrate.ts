/** `deno task db:migrate [--down]`: bring the database at FILLSCHED_DB_URL up to date (or undo one step). */
import { migrateDown, migrateToLatest } from "../src/db/migrate.ts";
import { openDb } from "../src/db/open.ts";
import type { Kysely } from "kysely";

const url = Deno.env.get("FILLSCHED_DB_URL") || "file:data/fillscheduler.db";
const authToken = Deno.env.get("FILLSCHED_DB_AUTH_TOKEN") || undefined;
const db = await openDb({ url, authToken, migrate: false });
try {
  const run = Deno.args.includes("--down") ? migrateDown : migrateToLatest;
  const { results = [] } = await run(db as unknown as Kysely<unknown>);
  for (const r of results) {
    console.log(`${r.direction.toLowerCase()} ${r.migrationName}: ${r.status}`);
  }
  if (!results.length) console.log("nothing to do: the schema is up to date");
} catch (e) {
  console.error(`db:migrate: ${e instanceof Error ? e.message : String(e)}`);
  Deno.exitCode = 1;
} finally {
  await db.destroy();
}
