/**
 * What differs between libSQL and Postgres (src/db/dialects.ts), checked on both in every run: the
 * same repository functions give the same answers, and faults read the same.
 */
import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { type DbKind, dbKindOf, isUniqueViolation } from "../../src/db/dialects.ts";
import { DbFaults, storageFaultOf } from "../../src/db/faults.ts";
import { listScheduleSummaries } from "../../src/db/schedules.ts";
import { createUser } from "../../src/db/users.ts";
import { insertQueuedSchedule } from "../../src/db/schedules.ts";
import { type Db, openDb } from "../../src/db/open.ts";
import { DEFAULT_CONFIG } from "../../src/engine/mod.ts";
import { createTestDb } from "../_helpers/test_db.ts";

const KINDS: DbKind[] = ["sqlite", "postgres"];

async function withDb(
  kind: DbKind,
  fn: (db: Db) => Promise<void>,
  faults?: DbFaults,
): Promise<void> {
  await using target = await createTestDb(kind);
  const db = await openDb({ url: target.url, ...(faults ? { faults } : {}) });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
}

async function queue(db: Db, ownerId: string, name: string, elapsed?: number): Promise<string> {
  const id = crypto.randomUUID();
  await insertQueuedSchedule(db, {
    id,
    ownerId,
    name,
    lots: [{ id: "A", type: "T", vials: 100 }],
    config: DEFAULT_CONFIG,
    startMs: Date.parse("2026-01-05T06:00:00Z"),
    strategy: "spt-pack",
    templateId: null,
    sources: {},
  });
  if (elapsed !== undefined) {
    await db.updateTable("schedules").set({ elapsed_ms: elapsed }).where("id", "=", id).execute();
  }
  return id;
}

for (const kind of KINDS) {
  Deno.test(`dialects (${kind}): counts are numbers, fractions keep every digit, search ignores case`, async () => {
    await withDb(kind, async (db) => {
      assertEquals(dbKindOf(db), kind);
      const user = await createUser(db, { email: "a@example.com", passwordHash: "h" });
      assert(user);
      const id = await queue(db, user.id, "Line 50% Run", 1234.567890123);
      await queue(db, user.id, "other");
      const row = await db.selectFrom("schedules").select("elapsed_ms").where("id", "=", id)
        .executeTakeFirstOrThrow();
      assertEquals(row.elapsed_ms, 1234.567890123);
      const { total } = await db.selectFrom("schedules")
        .select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
      assertEquals(total, 2);
      const page = { page: 1, pageSize: 10 };
      const found = await listScheduleSummaries(db, user.id, { ...page, search: "line 50%" });
      assertEquals(found.items.map((s) => s.id), [id]);
      assertEquals(found.total, 1);
      // "%" is the character, not a wildcard.
      const none = await listScheduleSummaries(db, user.id, { ...page, search: "e 5%R" });
      assertEquals(none.total, 0);
    });
  });

  Deno.test(`dialects (${kind}): a taken unique key reads as one, and registration says taken`, async () => {
    await withDb(kind, async (db) => {
      assert(await createUser(db, { email: "b@example.com", passwordHash: "h" }));
      const e = await db.insertInto("users").values({
        id: "x",
        email: "b@example.com",
        password_hash: "h",
        role: "user",
        default_template_id: null,
        created_at: new Date().toISOString(),
      }).execute().catch((e) => e);
      assert(isUniqueViolation(e), String(e));
      assertEquals(storageFaultOf(e), null);
      assertEquals(await createUser(db, { email: "B@example.com", passwordHash: "h" }), null);
    });
  });

  Deno.test(`dialects (${kind}): an injected full disk fails writes as a storage fault; reads and transactions go on`, async () => {
    const faults = new DbFaults();
    await withDb(kind, async (db) => {
      const user = await createUser(db, { email: "c@example.com", passwordHash: "h" });
      assert(user);
      faults.writes = "SQLITE_FULL";
      const e = await queue(db, user.id, "n").catch((e) => e);
      assertEquals(storageFaultOf(e), "full");
      await rejects(() => db.transaction().execute((tx) => queue(tx as Db, user.id, "t")));
      assertEquals((await listScheduleSummaries(db, user.id, { page: 1, pageSize: 5 })).total, 0);
      faults.writes = null;
      await db.transaction().execute((tx) => queue(tx as Db, user.id, "t"));
      assertEquals((await listScheduleSummaries(db, user.id, { page: 1, pageSize: 5 })).total, 1);
    }, faults);
  });
}

Deno.test("dialects: Postgres' SQLSTATEs and a lost server read as storage faults", () => {
  assertEquals(storageFaultOf({ code: "53100" }), "full");
  assertEquals(storageFaultOf({ code: "40P01" }), "busy");
  assertEquals(storageFaultOf({ code: "25006" }), "readonly");
  assertEquals(storageFaultOf(new Error("x", { cause: { code: "ECONNREFUSED" } })), "io");
  assertEquals(storageFaultOf({ code: "SQLITE_IOERR_WRITE" }), "io");
  assertEquals(storageFaultOf({ code: "23505" }), null);
});
