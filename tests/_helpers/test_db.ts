/**
 * Fresh databases for tests, of the kind under test: FILLSCHED_TEST_DB=postgres runs the db and
 * server tests on Postgres (a new database on the test server per test), anything else on a
 * libSQL temp file. `.ci/run` runs those tests once each way.
 */
import pg from "pg";
import type { DbKind } from "../../src/db/dialects.ts";
import { postgresServerUrl } from "./postgres.ts";

/** The database kind the tests run on. */
export function testDbKind(): DbKind {
  return Deno.env.get("FILLSCHED_TEST_DB") === "postgres" ? "postgres" : "sqlite";
}

/** Whether the tests run on libSQL (for the tests of what only a local file has). */
export const onSqlite: boolean = testDbKind() === "sqlite";

/** An empty database; `remove` (or disposing) deletes it. */
export interface TestDb extends AsyncDisposable {
  readonly url: string;
  remove(): Promise<void>;
}

/** Runs one statement on the test server's admin database. */
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresServerUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates an empty database of the kind under test (or of `kind`). */
export async function createTestDb(kind: DbKind = testDbKind()): Promise<TestDb> {
  if (kind === "postgres") {
    const name = `t_${crypto.randomUUID().replaceAll("-", "")}`;
    await admin(`create database ${name}`);
    const url = new URL(postgresServerUrl());
    url.pathname = `/${name}`;
    let removed: Promise<void> | null = null;
    // `with (force)` ends connections a test left open, so the database always goes.
    const remove = () => removed ??= admin(`drop database if exists ${name} with (force)`);
    return { url: url.href, remove, [Symbol.asyncDispose]: remove };
  }
  const dir = await Deno.makeTempDir({ prefix: "fillsched_test_" });
  const remove = () => Deno.remove(dir, { recursive: true }).catch(() => {});
  return { url: `file:${dir}/test.db`, remove, [Symbol.asyncDispose]: remove };
}
