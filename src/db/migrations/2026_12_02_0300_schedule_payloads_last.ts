/**
 * SQLite: the schedules table rebuilt with its large JSON columns (lots, activities, KPIs, plan,
 * validation) after every other column. SQLite stores a row as one record whose tail spills into
 * a linked chain of overflow pages, so reading a column stored after a 200 kB value walks that
 * chain page by page: a list of 20 schedules (which reads only small columns) cost ~1.4 ms
 * instead of ~0.3, and each schedule.get's one-row stamp check walked its row the same way.
 * Columns added later go at the end, after the payloads: a later migration adding a column that
 * lists or stamps read should move the payloads last again, as `moveColumnsLast` below does.
 * Postgres keeps large values out of line (TOAST) whatever the order: nothing to do there.
 * Self-contained: later changes of the schema code must not change what this migration did.
 */
import { type Kysely, PostgresAdapter, sql } from "kysely";

/** The large columns, in the order they end the table (smallest first). */
export const SCHEDULE_PAYLOAD_COLUMNS = [
  "validation_json",
  "plan_json",
  "kpis_json",
  "lots_json",
  "activities_json",
] as const;

/** Splits `a, b (c, d), 'e,f'` at its top-level commas (outside brackets and quotes). */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0, quote: string | null = null, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === "`") quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** How a table constraint (not a column) begins. */
const TABLE_CONSTRAINT = /^(constraint|primary\s+key|unique|check|foreign\s+key)\b/i;

/** The column a definition defines, or null for a table constraint. */
function columnOf(definition: string): string | null {
  if (TABLE_CONSTRAINT.test(definition)) return null;
  const m = /^(?:"((?:[^"]|"")+)"|([A-Za-z_]\w*))/.exec(definition);
  return m ? m[1]?.replaceAll('""', '"') ?? m[2]! : null;
}

/**
 * The CREATE TABLE statement `create` with the columns `last` moved after the other columns (in
 * that order); table constraints stay at the end.
 */
function withColumnsLast(create: string, last: readonly string[]): string {
  const open = create.indexOf("(");
  const close = create.lastIndexOf(")");
  const parts = topLevelParts(create.slice(open + 1, close));
  const columns = parts.filter((p) => columnOf(p) !== null);
  const constraints = parts.filter((p) => columnOf(p) === null);
  const moved = last.map((name) => {
    const def = columns.find((p) => columnOf(p) === name);
    if (!def) throw new Error(`column ${name} is not in: ${create}`);
    return def;
  });
  const kept = columns.filter((p) => !moved.includes(p));
  return `${create.slice(0, open + 1)}${[...kept, ...moved, ...constraints].join(", ")}${
    create.slice(close)
  }`;
}

/**
 * Rebuilds SQLite table `table` with columns `last` at its end: same definitions, rows, indexes,
 * in one transaction. Only for tables no foreign key refers to: dropping the old table would
 * cascade to those rows.
 */
async function moveColumnsLast(
  db: Kysely<unknown>,
  table: string,
  last: readonly string[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const objects = await sql<{ type: string; sql: string | null }>`
      select type, sql from sqlite_master where tbl_name = ${table}`.execute(trx);
    const create = objects.rows.find((o) => o.type === "table")?.sql;
    if (!create) throw new Error(`no table ${table}`);
    const indexes = objects.rows.filter((o) => o.type === "index" && o.sql).map((o) => o.sql!);
    const temp = `${table}_rebuilt`;
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`
      .execute(trx)).rows.map((r) => `"${r.name.replaceAll('"', '""')}"`).join(", ");
    const rebuilt = withColumnsLast(create, last);
    const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
    await sql.raw(rebuilt.replace(/^(\s*create\s+table\s+)("(?:[^"]|"")+"|\S+)/i, `$1${q(temp)}`))
      .execute(trx);
    await sql.raw(`insert into ${q(temp)} (${columns}) select ${columns} from ${q(table)}`)
      .execute(trx);
    await sql.raw(`drop table ${q(table)}`).execute(trx);
    await sql.raw(`alter table ${q(temp)} rename to ${q(table)}`).execute(trx);
    for (const index of indexes) await sql.raw(index).execute(trx);
  });
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await moveColumnsLast(db, "schedules", SCHEDULE_PAYLOAD_COLUMNS);
}

/** Column order is storage only: nothing to undo. */
export function down(_db: Kysely<unknown>): Promise<void> {
  return Promise.resolve();
}
