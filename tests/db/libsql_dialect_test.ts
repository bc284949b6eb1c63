import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { createClient } from "@libsql/client";
import { type Generated, Kysely, sql } from "kysely";
import { LibsqlDialect } from "../../src/db/libsql_dialect.ts";

/** A temp libSQL file whatever kind of database the other tests run on (this tests the dialect). */
async function tempFile(): Promise<{ url: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "fillsched_db_" });
  return {
    url: `file:${dir}/t.db`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

interface T {
  items: { id: Generated<number>; name: string; n: number | null };
}

async function itemsDb(url: string): Promise<Kysely<T>> {
  const db = new Kysely<T>({ dialect: new LibsqlDialect(createClient({ url })) });
  await db.schema.createTable("items").ifNotExists()
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("n", "integer")
    .execute();
  return db;
}

Deno.test("LibsqlDialect: insert/select/update/delete report rows, ids and counts", async () => {
  await using tmp = await tempFile();
  const db = await itemsDb(tmp.url);
  try {
    const ins = await db.insertInto("items").values({ name: "a", n: 1 }).executeTakeFirst();
    assertEquals(ins.insertId, 1n);
    const ret = await db.insertInto("items").values([{ name: "b", n: 2 }, { name: "c", n: null }])
      .returning(["id", "name"]).execute();
    assertEquals(ret, [{ id: 2, name: "b" }, { id: 3, name: "c" }]);
    const rows = await db.selectFrom("items").selectAll().orderBy("id").execute();
    assertEquals(rows, [
      { id: 1, name: "a", n: 1 },
      { id: 2, name: "b", n: 2 },
      { id: 3, name: "c", n: null },
    ]);
    const up = await db.updateTable("items").set({ n: 5 }).where("n", "is not", null)
      .executeTakeFirst();
    assertEquals(up.numUpdatedRows, 2n);
    const del = await db.deleteFrom("items").where("name", "=", "c").executeTakeFirst();
    assertEquals(del.numDeletedRows, 1n);
    const streamed: unknown[] = [];
    for await (const r of db.selectFrom("items").select("name").orderBy("id").stream()) {
      streamed.push(r.name);
    }
    assertEquals(streamed, ["a", "b"]);
    // The introspector (shared SQLite part) sees the table.
    const tables = await db.introspection.getTables();
    assert(tables.some((t) => t.name === "items"));
  } finally {
    await db.destroy();
  }
});

Deno.test("LibsqlDialect: a transaction commits on success and rolls back on error", async () => {
  await using tmp = await tempFile();
  const db = await itemsDb(tmp.url);
  try {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("items").values({ name: "kept", n: 1 }).execute();
      // Inside the transaction its own writes are visible.
      const n = await tx.selectFrom("items").select("name").execute();
      assertEquals(n, [{ name: "kept" }]);
    });
    await rejects(() =>
      db.transaction().execute(async (tx) => {
        await tx.insertInto("items").values({ name: "lost", n: 2 }).execute();
        await tx.insertInto("items").values({ name: "kept", n: 3 }).execute(); // unique violation
      })
    );
    await rejects(() =>
      db.transaction().execute(async (tx) => {
        await tx.insertInto("items").values({ name: "lost too", n: 2 }).execute();
        throw new Error("changed my mind");
      }), /changed my mind/);
    const names = await db.selectFrom("items").select("name").execute();
    assertEquals(names, [{ name: "kept" }]);
    // Concurrent transactions on their own connections serialize instead of failing.
    await Promise.all([1, 2, 3, 4].map((i) =>
      db.transaction().execute(async (tx) => {
        const { c } = await tx.selectFrom("items").select((eb) => eb.fn.countAll<number>().as("c"))
          .executeTakeFirstOrThrow();
        await tx.insertInto("items").values({ name: `t${i}`, n: Number(c) }).execute();
      })
    ));
    const counts = (await db.selectFrom("items").select("n").where("name", "like", "t%").execute())
      .map((r) => r.n).sort();
    assertEquals(counts, [1, 2, 3, 4]);
    // A write outside a transaction waits for an open one instead of failing with SQLITE_BUSY.
    let releaseTx!: () => void;
    const gate = new Promise<void>((r) => releaseTx = r);
    const slow = db.transaction().execute(async (tx) => {
      await tx.insertInto("items").values({ name: "in tx", n: 0 }).execute();
      await gate;
    });
    const outside = db.insertInto("items").values({ name: "outside", n: 0 }).execute();
    setTimeout(releaseTx, 50);
    await Promise.all([slow, outside]);
    assertEquals(
      (await db.selectFrom("items").select("name").where("n", "=", 0).orderBy("id").execute())
        .map((r) => r.name),
      ["in tx", "outside"],
    );
    // Raw SQL passes through the same driver.
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
    assertEquals(rows, [{ one: 1 }]);
  } finally {
    await db.destroy();
  }
});
