/** A `pg` connection pool as kysely's PostgresDialect takes it, with the test fault switch. */
import pg from "pg";
import type { PostgresPool, PostgresPoolClient } from "kysely";
import type { DbFaults } from "./faults.ts";

/** Connections per process: the HTTP handlers and the job runner share them. */
const POOL_SIZE = 10;

/**
 * pg hands 64-bit integers (what `count(*)` returns) back as text so that no digit is lost; our
 * counts are far below 2^53, so they come back as numbers, as they do from SQLite.
 */
const INT8_OID = 20;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID && format !== "binary") return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

/** A pool of connections to the Postgres database at `url`. */
export function postgresPool(url: string, faults: DbFaults | null): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types });
  // An idle connection the server dropped (restart, failover) must not take the process down:
  // the pool replaces it, and the next query on a dead connection fails and is reported there.
  pool.on("error", () => {});
  if (!faults) return pool as unknown as PostgresPool;
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const query = client.query.bind(client) as PostgresPoolClient["query"];
      return {
        query: ((text: unknown, params?: readonly unknown[]) => {
          if (typeof text === "string") faults.check(text);
          return (query as (t: unknown, p?: readonly unknown[]) => unknown)(text, params);
        }) as PostgresPoolClient["query"],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
    end: () => pool.end(),
  };
}
