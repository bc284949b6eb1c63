/** Values every instance of one database shares (the generated token secret, say), by key. */
import type { Db } from "./open.ts";

/** The value stored under `key`; the first caller's `make()` when there is none yet. */
export async function sharedSetting(db: Db, key: string, make: () => string): Promise<string> {
  await db.insertInto("settings").values({ key, value: make() })
    .onConflict((oc) => oc.column("key").doNothing()).execute();
  const row = await db.selectFrom("settings").select("value").where("key", "=", key)
    .executeTakeFirstOrThrow();
  return row.value;
}
