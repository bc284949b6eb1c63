/** A migrated fresh database for db tests, of the kind under test (`tests/_helpers/test_db.ts`). */
import { type Db, openDb } from "../../src/db/open.ts";
import { createTestDb } from "../_helpers/test_db.ts";

/** Opens a fresh database; dispose to close and delete it. */
export async function tempDb(
  opts: { migrate?: boolean } = {},
): Promise<{ db: Db; url: string } & AsyncDisposable> {
  const target = await createTestDb();
  const db = await openDb({ url: target.url, migrate: opts.migrate ?? true });
  return {
    db,
    url: target.url,
    async [Symbol.asyncDispose]() {
      await db.destroy();
      await target.remove();
    },
  };
}
