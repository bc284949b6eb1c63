/**
 * Prepared statements reused per libSQL connection. `@libsql/client` prepares every statement
 * afresh, and a statement's native memory (with the values bound to it) is never given back under
 * Deno: a server storing 500-lot schedules grew by about the size of each write (~250 kB a job;
 * RSS 129 → 536 MB over 2,000 jobs while the JS heap stayed level). Reusing the statement of the
 * same SQL text keeps that memory to one statement per distinct query.
 *
 * Safe because the client runs each statement synchronously from prepare to its last row (bind,
 * step, reset) on one connection, and sets its modes (raw, safe integers) on every use. A schema
 * change (create, alter, drop: migrations) forgets every kept statement: SQLite compiles a stale
 * statement again when it steps, but the client reads its column names before that, so a kept
 * `select *` would label a rebuilt table's values with the old order's names. Installed once, on
 * import.
 */
import Database from "libsql";

/** Distinct statements kept per connection; past it the oldest goes (its memory is lost). */
const MAX_PER_CONNECTION = 1024;

type Prepare = (this: object, sql: string) => unknown;
const proto = (Database as unknown as { prototype: { prepare: Prepare } }).prototype;
const prepareOnce: Prepare = proto.prepare;
/** Statements that change the schema. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;
/** Counts schema changes in this process; a connection's statements are kept for one count. */
let schemaChanges = 0;
const kept = new WeakMap<object, { schema: number; statements: Map<string, unknown> }>();

proto.prepare = function (this: object, sql: string): unknown {
  if (SCHEMA_CHANGE.test(sql)) {
    schemaChanges++;
    return prepareOnce.call(this, sql);
  }
  let entry = kept.get(this);
  if (!entry || entry.schema !== schemaChanges) {
    kept.set(this, entry = { schema: schemaChanges, statements: new Map() });
  }
  const { statements } = entry;
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = prepareOnce.call(this, sql);
    if (statements.size >= MAX_PER_CONNECTION) {
      statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
  }
  return statement;
};
