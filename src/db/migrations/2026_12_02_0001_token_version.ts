/** users.token_version: bumped on a password change or "sign out everywhere"; older tokens stop working. */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users")
    .addColumn("token_version", "integer", (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table users drop column token_version`.execute(db);
}
