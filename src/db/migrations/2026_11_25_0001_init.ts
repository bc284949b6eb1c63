/** First schema: users, config templates, schedules, comparisons and their runs. */
import { type CreateTableBuilder, type Kysely, sql } from "kysely";

/** `id` primary key and `owner_id`, whose rows go when their user goes. */
function ownedRow<T extends string, C extends string>(t: CreateTableBuilder<T, C>) {
  return t.addColumn("id", "text", (c) => c.primaryKey())
    .addColumn(
      "owner_id",
      "text",
      (c) => c.notNull().references("users.id").onDelete("cascade"),
    );
}

const JOB_STATUSES = ["queued", "running", "completed", "failed", "cancelled"]
  .map((s) => `'${s}'`).join(", ");

/** The leading columns of a job table (schedules, comparisons): owner, optional name, status. */
function jobHead<T extends string, C extends string>(t: CreateTableBuilder<T, C>) {
  return t.$call(ownedRow)
    .addColumn("name", "text")
    .addColumn("status", "text", (c) => c.notNull().check(sql.raw(`status in (${JOB_STATUSES})`)));
}

/** The trailing columns of a job table: its error and lifecycle instants. */
function jobTail<T extends string, C extends string>(t: CreateTableBuilder<T, C>) {
  return t.addColumn("error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull());
}

/** Creates every table and index. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'user')`))
    .addColumn("default_template_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createTable("config_templates")
    .$call(ownedRow)
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("config_json", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("config_templates_owner_name", ["owner_id", "name"])
    .execute();
  await db.schema.createTable("schedules")
    .$call(jobHead)
    .addColumn("strategy", "text", (c) => c.notNull())
    .addColumn("template_id", "text")
    .addColumn("lot_count", "integer", (c) => c.notNull())
    .addColumn("lots_json", "text", (c) => c.notNull())
    .addColumn("config_json", "text", (c) => c.notNull())
    .addColumn("config_sources_json", "text", (c) => c.notNull())
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("kpis_json", "text")
    .addColumn("bound_json", "text")
    .addColumn("activities_json", "text")
    .addColumn("plan_json", "text")
    .addColumn("solve_status", "text")
    .addColumn("validation_json", "text")
    .addColumn("elapsed_ms", "double precision")
    .$call(jobTail)
    .execute();
  await db.schema.createIndex("schedules_owner_created")
    .on("schedules").columns(["owner_id", "created_at"]).execute();
  await db.schema.createIndex("schedules_status").on("schedules").column("status").execute();
  await db.schema.createTable("comparisons")
    .$call(jobHead)
    .addColumn("strategies_json", "text", (c) => c.notNull())
    .addColumn("lot_count", "integer", (c) => c.notNull())
    .addColumn("lots_json", "text", (c) => c.notNull())
    .addColumn("config_json", "text", (c) => c.notNull())
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("best", "text")
    .$call(jobTail)
    .execute();
  await db.schema.createIndex("comparisons_owner_created")
    .on("comparisons").columns(["owner_id", "created_at"]).execute();
  await db.schema.createTable("comparison_runs")
    .addColumn(
      "comparison_id",
      "text",
      (c) => c.notNull().references("comparisons.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("strategy", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("kpis_json", "text")
    .addColumn("bound_json", "text")
    .addColumn("solve_status", "text")
    .addColumn("elapsed_ms", "double precision")
    .addColumn("error", "text")
    .addPrimaryKeyConstraint("comparison_runs_pk", ["comparison_id", "position"])
    .execute();
}

/** Drops everything `up` created. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["comparison_runs", "comparisons", "schedules", "config_templates", "users"]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
