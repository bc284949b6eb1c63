/**
 * schedules: versions and change control. Each schedule names its parent and the root of its
 * lineage, its version number, the fingerprints of its input, effective config and engine, and
 * what made it (a re-plan or a rush lot). Stored schedules get their fingerprints now; their
 * engine is unknown (null).
 */
import { type Kysely, sql } from "kysely";
import { fingerprints, type Lot, type SchedulerConfig } from "../../engine/mod.ts";

const COLUMNS = [
  "parent_id",
  "root_id",
  "input_hash",
  "config_hash",
  "engine_version",
  "change_json",
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const c of COLUMNS) {
    await db.schema.alterTable("schedules").addColumn(c, "text").execute();
  }
  await db.schema.alterTable("schedules")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.createIndex("schedules_root").on("schedules").column("root_id").execute();
  const rows = await sql<{ id: string; lots_json: string; config_json: string }>`
    select id, lots_json, config_json from schedules`.execute(db);
  for (const r of rows.rows) {
    let f;
    try {
      f = await fingerprints(
        JSON.parse(r.lots_json) as Lot[],
        JSON.parse(r.config_json) as SchedulerConfig,
      );
    } catch {
      continue; // a damaged row stays unfingerprinted; reading it reports the damage
    }
    await sql`update schedules set input_hash = ${f.inputHash}, config_hash = ${f.configHash}
      where id = ${r.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("schedules_root").execute();
  for (const c of [...COLUMNS, "version"]) {
    await sql`alter table schedules drop column ${sql.ref(c)}`.execute(db);
  }
}
