import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import { dbKindOfUrl } from "../../src/db/dialects.ts";
import { migrateDown, migrateTo, migrateToLatest, MIGRATIONS } from "../../src/db/migrate.ts";
import { SCHEDULE_PAYLOAD_COLUMNS } from "../../src/db/migrations/2026_12_02_0300_schedule_payloads_last.ts";
import { localPath, openDb, pingDb } from "../../src/db/open.ts";
import { repoPath } from "../_helpers/paths.ts";
import { createTestDb, onSqlite } from "../_helpers/test_db.ts";
import { tempDb } from "./_temp_db.ts";

const TABLES = [
  "comparison_runs",
  "comparisons",
  "config_templates",
  "job_events",
  "schedules",
  "settings",
  "users",
];

/** A plain user row `id` (the owner rows of other tables need). */
async function insertUser(db: Awaited<ReturnType<typeof tempDb>>["db"], id: string) {
  await db.insertInto("users").values({
    id,
    email: `${id}@example.com`,
    password_hash: "h",
    role: "user",
    default_template_id: null,
    created_at: new Date().toISOString(),
  }).execute();
}

async function tableNames(db: Kysely<unknown>): Promise<string[]> {
  return (await db.introspection.getTables()).map((t) => t.name).sort();
}

Deno.test("migrations: up creates every table, re-running is a no-op, down drops them", async () => {
  await using tmp = await tempDb();
  const db = tmp.db as unknown as Kysely<unknown>;
  assertEquals(await tableNames(db), TABLES);
  const again = await migrateToLatest(db);
  assertEquals(again.results, []);
  const names = Object.keys(MIGRATIONS);
  for (const name of [...names].reverse()) {
    const down = await migrateDown(db);
    assertEquals(down.results?.map((r) => r.migrationName), [name]);
  }
  assertEquals(await tableNames(db), []);
  const up = await migrateToLatest(db);
  assertEquals(up.results?.map((r) => r.status), names.map(() => "Success"));
  assertEquals(await tableNames(db), TABLES);
});

Deno.test({
  name: "openDb on a libSQL file: WAL, busy timeout and foreign keys; its folder is created",
  ignore: !onSqlite,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "fillsched_db_" });
    const nested = `${dir}/a/b/c.db`;
    const db = await openDb({ url: `file:${nested}` });
    try {
      const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(db);
      assertEquals(mode.rows[0]?.journal_mode, "wal");
      const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
      assertEquals(fk.rows[0]?.foreign_keys, 1);
      // NORMAL (1): commits write the WAL without an fsync each.
      const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db);
      assertEquals(sync.rows[0]?.synchronous, 1);
      const bt = await sql<{ timeout: number }>`PRAGMA busy_timeout`.execute(db);
      assert((bt.rows[0]?.timeout ?? 0) >= 1000);
      assert(await pingDb(db));
    } finally {
      await db.destroy();
    }
    assert(Deno.statSync(nested).isFile);
    assertEquals(await pingDb(db), false);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("schema: a role outside admin/user is refused; a user's templates go with the user", async () => {
  await using tmp = await tempDb();
  const db = tmp.db;
  assert(await pingDb(db));
  // Role must be admin or user.
  await rejects(() =>
    db.insertInto("users").values({
      id: "u",
      email: "e",
      password_hash: "h",
      role: "root" as "admin",
      default_template_id: null,
      created_at: "",
    }).execute()
  );
  // A template of a deleted user goes with it.
  await insertUser(db, "u1");
  await db.insertInto("config_templates").values({
    id: "t1",
    owner_id: "u1",
    name: "n",
    description: "",
    config_json: "{}",
    created_at: "",
    updated_at: "",
  }).execute();
  await db.deleteFrom("users").where("id", "=", "u1").execute();
  assertEquals(await db.selectFrom("config_templates").selectAll().execute(), []);
});

Deno.test("localPath reads file: URLs and ignores remote ones", () => {
  assertEquals(localPath("file:data/x.db"), "data/x.db");
  assertEquals(localPath("file:///tmp/x.db"), "/tmp/x.db");
  assertEquals(localPath("libsql://db.example.com"), null);
  assertEquals(localPath("http://127.0.0.1:8081"), null);
  assertEquals(localPath("postgres://u@127.0.0.1:5432/db"), null);
  assertEquals(dbKindOfUrl("postgres://u@127.0.0.1:5432/db"), "postgres");
  assertEquals(dbKindOfUrl("postgresql://u@db.example.com/fill"), "postgres");
  assertEquals(dbKindOfUrl("file:data/x.db"), "sqlite");
  assertEquals(dbKindOfUrl("libsql://db.example.com"), "sqlite");
});

Deno.test("deno task db:migrate brings a fresh database up to date, then has nothing to do", async () => {
  await using target = await createTestDb();
  const run = async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "db:migrate"],
      cwd: repoPath("."),
      env: { FILLSCHED_DB_URL: target.url },
    }).output();
    assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  };
  const first = await run();
  for (const name of Object.keys(MIGRATIONS)) assert(first.includes(`up ${name}: Success`), first);
  assert((await run()).includes("nothing to do"));
});

Deno.test("migration kpi_summary: rows stored before get their KPIs without blocks; unreadable KPIs are passed", async () => {
  await using tmp = await tempDb();
  const db = tmp.db;
  await migrateTo(db as unknown as Kysely<unknown>, "2026_12_02_0100_shared_instances");
  await insertUser(db, "u1");
  const kpis = { makespanHours: 10, cleans: 2, blocks: [{ type: "A", fillHours: 4 }] };
  const rows = [["s1", JSON.stringify(kpis)], ["s2", "{not json"], ["s3", null]] as const;
  for (const [id, kpisJson] of rows) {
    const at = new Date().toISOString();
    await sql`insert into schedules (id, owner_id, name, status, strategy, template_id, lot_count,
      lots_json, config_json, config_sources_json, start_at, kpis_json, created_at, updated_at)
      values (${id}, 'u1', null, 'completed', 'smart-pack', null, 0, '[]', '{}', '{}', ${at},
      ${kpisJson}, ${at}, ${at})`.execute(db);
  }
  await migrateToLatest(db as unknown as Kysely<unknown>);
  const after = await db.selectFrom("schedules").select(["id", "kpi_summary_json"]).orderBy("id")
    .execute();
  assertEquals(after.map((r) => [r.id, r.kpi_summary_json && JSON.parse(r.kpi_summary_json)]), [
    ["s1", { makespanHours: 10, cleans: 2 }],
    ["s2", null],
    ["s3", null],
  ]);
});

Deno.test({
  name:
    "migration schedule_payloads_last: on SQLite the large columns end the row; rows, indexes and constraints stay",
  ignore: !onSqlite,
  fn: async () => {
    await using tmp = await tempDb({ migrate: false });
    const db = tmp.db as unknown as Kysely<unknown>;
    await migrateTo(db, "2026_12_02_0200_kpi_summary");
    const columns = async () =>
      (await sql<{ name: string }>`select name from pragma_table_info('schedules')`.execute(db))
        .rows.map((r) => r.name);
    const before = await columns();
    assert(before.indexOf("lots_json") < before.indexOf("updated_at"), before.join());
    await insertUser(tmp.db, "u1");
    const at = new Date().toISOString();
    const big = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ id: `L${i}` })));
    await sql`insert into schedules (id, owner_id, name, status, strategy, template_id, lot_count,
      lots_json, config_json, config_sources_json, start_at, kpis_json, activities_json, created_at,
      updated_at, kpi_summary_json) values ('s1', 'u1', 'it''s, (one)', 'completed', 'smart-pack',
      null, 5000, ${big}, '{}', '{}', ${at}, '{"k":1}', ${big}, ${at}, ${at}, '{"k":1}')`
      .execute(db);
    const rowBefore = (await sql`select * from schedules`.execute(db)).rows;
    const indexesBefore = (await sql<{ name: string; sql: string }>`select name, sql from
      sqlite_master where type = 'index' and tbl_name = 'schedules' order by name`.execute(db))
      .rows;

    await migrateToLatest(db);
    const after = await columns();
    assertEquals(after.slice(-SCHEDULE_PAYLOAD_COLUMNS.length), [...SCHEDULE_PAYLOAD_COLUMNS]);
    assertEquals([...after].sort(), [...before].sort());
    assertEquals((await sql`select * from schedules`.execute(db)).rows, rowBefore);
    assertEquals(
      (await sql`select name, sql from sqlite_master where type = 'index' and tbl_name =
        'schedules' order by name`.execute(db)).rows,
      indexesBefore,
    );
    // The status check and the owner's cascade came along with the definitions.
    await rejects(
      sql`update schedules set status = 'lost' where id = 's1'`.execute(db),
      /CHECK constraint failed/,
    );
    await sql`delete from users where id = 'u1'`.execute(db);
    assertEquals((await sql`select id from schedules`.execute(db)).rows, []);
  },
});
