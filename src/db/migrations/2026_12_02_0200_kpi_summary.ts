/**
 * schedules.kpi_summary_json: the KPIs without their per-block figures, which lists show. A
 * 500-lot schedule's KPIs are ~40 kB, nearly all blocks; a page of 20 read and decoded them all.
 * Filled here for the rows stored before, a page of rows at a time (self-contained: later codec
 * changes must not change what this migration did).
 */
import { type Kysely, sql } from "kysely";

const PAGE = 200;

/** The stored KPIs' JSON without `blocks`; null when it is not an object of JSON. */
function summaryOf(kpisJson: string): string | null {
  try {
    const kpis = JSON.parse(kpisJson) as unknown;
    if (typeof kpis !== "object" || kpis === null || Array.isArray(kpis)) return null;
    const { blocks: _blocks, ...summary } = kpis as Record<string, unknown>;
    return JSON.stringify(summary);
  } catch {
    return null;
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("schedules").addColumn("kpi_summary_json", "text").execute();
  // Keyset pages by id, so a row whose KPIs cannot be read is passed once, not read forever.
  let after = "";
  for (;;) {
    const { rows } = await sql<{ id: string; kpis_json: string }>`
      select id, kpis_json from schedules
      where kpis_json is not null and id > ${after} order by id limit ${PAGE}`.execute(db);
    for (const r of rows) {
      const summary = summaryOf(r.kpis_json);
      if (summary === null) continue;
      await sql`update schedules set kpi_summary_json = ${summary} where id = ${r.id}`.execute(db);
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table schedules drop column kpi_summary_json`.execute(db);
}
