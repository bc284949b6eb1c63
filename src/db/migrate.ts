/** Versioned migrations, statically imported so `deno check` and bundling see them. */
import { type Kysely, type Migration, type MigrationResultSet, Migrator } from "kysely";
import * as init from "./migrations/2026_11_25_0001_init.ts";
import * as tokenVersion from "./migrations/2026_12_02_0001_token_version.ts";
import * as jobAttempts from "./migrations/2026_12_02_0002_job_attempts.ts";
import * as scheduleVersions from "./migrations/2026_12_02_0003_schedule_versions.ts";
import * as sharedInstances from "./migrations/2026_12_02_0100_shared_instances.ts";
import * as kpiSummary from "./migrations/2026_12_02_0200_kpi_summary.ts";
import * as payloadsLast from "./migrations/2026_12_02_0300_schedule_payloads_last.ts";

/** Every migration by name; names sort in the order they must run. */
export const MIGRATIONS: Record<string, Migration> = {
  "2026_11_25_0001_init": init,
  "2026_12_02_0001_token_version": tokenVersion,
  "2026_12_02_0002_job_attempts": jobAttempts,
  "2026_12_02_0003_schedule_versions": scheduleVersions,
  "2026_12_02_0100_shared_instances": sharedInstances,
  "2026_12_02_0200_kpi_summary": kpiSummary,
  "2026_12_02_0300_schedule_payloads_last": payloadsLast,
};

function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: () => Promise.resolve(MIGRATIONS) } });
}

/** Brings the schema up to date; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`migration ${failed} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}

/** Undoes the latest migration (used by tests and `db:migrate --down`). */
export async function migrateDown(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateDown();
  if (result.error) throw new Error(`migration down failed: ${String(result.error)}`);
  return result;
}

/** Moves the schema to migration `name`, up or down (tests start from an older schema so). */
export async function migrateTo(db: Kysely<unknown>, name: string): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateTo(name);
  if (result.error) throw new Error(`migration to ${name} failed: ${String(result.error)}`);
  return result;
}
