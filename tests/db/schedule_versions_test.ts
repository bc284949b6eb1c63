/**
 * Schedule versions in the database: a first version is fingerprinted; the versions migration
 * fingerprints schedules stored before it; a version links to its parent and root and a lineage
 * is listed from any member, only for its owner.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import { createUser } from "../../src/db/users.ts";
import {
  findStoredSchedule,
  insertQueuedSchedule,
  insertScheduleVersion,
  listLineage,
} from "../../src/db/schedules.ts";
import { migrateDown, migrateToLatest } from "../../src/db/migrate.ts";
import { DEFAULT_CONFIG, fingerprints, runSchedule } from "../../src/engine/mod.ts";
import { tempDb } from "./_temp_db.ts";

const LOTS = [
  { id: "a", type: "T1", vials: 40_000 },
  { id: "b", type: "T2", vials: 90_000 },
];

Deno.test("schedule versions: fingerprints on insert and by the migration; lineage by owner", async () => {
  await using tmp = await tempDb();
  const user = (await createUser(tmp.db, { email: "a@x.io", passwordHash: "h" }))!;
  const other = (await createUser(tmp.db, { email: "b@x.io", passwordHash: "h" }))!;
  const config = { ...DEFAULT_CONFIG, strategy: "lpt-pack" };
  const base = {
    ownerId: user.id,
    name: null,
    strategy: "lpt-pack",
    templateId: null,
    lots: LOTS,
    config,
    sources: {},
    startMs: 0,
  };
  await insertQueuedSchedule(tmp.db, { ...base, id: "s1" });
  const want = await fingerprints(LOTS, config);
  const hashes = async () =>
    (await sql<{ input_hash: string | null; config_hash: string | null }>`
      select input_hash, config_hash from schedules where id = 's1'`.execute(tmp.db)).rows[0];
  assertEquals(await hashes(), { input_hash: want.inputHash, config_hash: want.configHash });

  // A schedule stored before the migration gets its fingerprints from it.
  const db = tmp.db as unknown as Kysely<unknown>;
  await migrateDown(db);
  await migrateToLatest(db);
  assertEquals(await hashes(), { input_hash: want.inputHash, config_hash: want.configHash });

  const schedule = await runSchedule(LOTS, config, { startMs: 0 });
  const v2 = { ...base, id: "s2", parentId: "s1", schedule, change: { kind: "replan" } };
  assertEquals(await insertScheduleVersion(tmp.db, v2), { version: 2 });
  assertEquals(await insertScheduleVersion(tmp.db, { ...v2, id: "s3", parentId: "s2" }), {
    version: 3,
  });
  assertEquals(await insertScheduleVersion(tmp.db, { ...v2, id: "x", ownerId: other.id }), null);
  const lineage = (await listLineage(tmp.db, user.id, "s3"))!;
  assertEquals(lineage.map((e) => [e.scheduleId, e.parentId, e.version, e.change]), [
    ["s1", null, 1, "run"],
    ["s2", "s1", 2, "replan"],
    ["s3", "s2", 3, "replan"],
  ]);
  assertEquals(await listLineage(tmp.db, other.id, "s2"), null);
  const stored = (await findStoredSchedule(tmp.db, user.id, "s3"))!;
  assertEquals(stored.status, "completed");
  assertEquals(stored.lineage.parentId, "s2");
  assert(stored.schedule !== null);
});
