/** schedules/comparisons.attempts: how often a job was started, so a job that kills the server is not retried forever. */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ["schedules", "comparisons"]) {
    await db.schema.alterTable(table)
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0)).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["schedules", "comparisons"]) {
    await sql`alter table ${sql.table(table)} drop column attempts`.execute(db);
  }
}
