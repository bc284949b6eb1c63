/** A migrated temp-file database for db tests (`:memory:` breaks once a transaction opens). */
import { type Db, openDb } from "../../src/db/open.ts";

/** Opens a fresh database; dispose to close and delete it. */
export async function tempDb(
  opts: { migrate?: boolean } = {},
): Promise<{ db: Db; url: string; dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "fillsched_db_" });
  const url = `file:${dir}/t.db`;
  const db = await openDb({ url, migrate: opts.migrate ?? true });
  return {
    db,
    url,
    dir,
    async [Symbol.asyncDispose]() {
      await db.destroy();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
