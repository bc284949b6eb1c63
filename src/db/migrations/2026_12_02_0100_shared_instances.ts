/**
 * What several instances on one database share: every job event in order (for a subscriber that
 * reconnects to another instance) and settings such as the generated token secret.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("job_events")
    .addColumn("job_id", "text", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("event_json", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("job_events_pk", ["job_id", "seq"])
    .execute();
  await db.schema.createIndex("job_events_at").on("job_events").column("at").execute();
  await db.schema.createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("settings").ifExists().execute();
  await db.schema.dropTable("job_events").ifExists().execute();
}
