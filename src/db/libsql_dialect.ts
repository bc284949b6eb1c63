/** A kysely dialect over `@libsql/client`: SQLite's adapter, introspector and compiler plus our own driver. */
import type { Client, InValue, ResultSet, Transaction } from "@libsql/client";
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import { type DbFaults, retryBusy } from "./faults.ts";

/** The rows of a libSQL result as plain objects keyed by column name. */
function toRows<R>(rs: ResultSet): R[] {
  return rs.rows.map((row) => {
    const o: Record<string, unknown> = {};
    rs.columns.forEach((c, i) => o[c] = row[i]);
    return o as R;
  });
}

function toResult<R>(rs: ResultSet): QueryResult<R> {
  return {
    rows: toRows<R>(rs),
    numAffectedRows: BigInt(rs.rowsAffected),
    ...(rs.lastInsertRowid !== undefined ? { insertId: rs.lastInsertRowid } : {}),
  };
}

/**
 * One kysely connection. Outside a transaction it borrows any connection of the client's pool per
 * statement; inside one it holds the client's Transaction, which owns a single connection.
 */
class LibsqlConnection implements DatabaseConnection {
  readonly #client: Client;
  readonly #faults: DbFaults | null;
  #tx: Transaction | null = null;

  constructor(client: Client, faults: DbFaults | null) {
    this.#client = client;
    this.#faults = faults;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.#faults?.check(query.sql);
    const stmt = { sql: query.sql, args: query.parameters as InValue[] };
    // Inside a transaction the whole transaction is what may be retried, not one statement.
    const tx = this.#tx;
    const rs = tx ? await tx.execute(stmt) : await retryBusy(() => this.#client.execute(stmt));
    return toResult<R>(rs);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // libSQL has no cursor API; one batch is the whole result.
    yield await this.executeQuery<R>(query);
  }

  async begin(): Promise<void> {
    if (this.#tx) throw new Error("a transaction is already open on this connection");
    this.#tx = await retryBusy(() => this.#client.transaction("write"));
  }

  async commit(): Promise<void> {
    const tx = this.#takeTx();
    try {
      await tx.commit();
    } finally {
      tx.close();
    }
  }

  async rollback(): Promise<void> {
    const tx = this.#takeTx();
    try {
      await tx.rollback();
    } finally {
      tx.close();
    }
  }

  #takeTx(): Transaction {
    const tx = this.#tx;
    if (!tx) throw new Error("no transaction is open on this connection");
    this.#tx = null;
    return tx;
  }
}

/** A FIFO lock: one holder at a time. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the lock; resolves with its release function. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => release = r);
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/**
 * Hands out connections over one shared client; transactions get their own client connection.
 * Local files are driven synchronously by libSQL, so a busy wait would block the event loop while
 * the lock holder cannot finish: there the driver lets one connection work at a time (as kysely's
 * SqliteDriver does); remote databases wait on the server asynchronously and need no lock.
 */
class LibsqlDriver implements Driver {
  readonly #client: Client;
  readonly #mutex: Mutex | null;
  readonly #faults: DbFaults | null;
  readonly #release = new WeakMap<DatabaseConnection, () => void>();

  constructor(client: Client, serialize: boolean, faults: DbFaults | null) {
    this.#client = client;
    this.#mutex = serialize ? new Mutex() : null;
    this.#faults = faults;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const conn = new LibsqlConnection(this.#client, this.#faults);
    if (this.#mutex) this.#release.set(conn, await this.#mutex.lock());
    return conn;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as LibsqlConnection).begin();
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as LibsqlConnection).commit();
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await (conn as LibsqlConnection).rollback();
  }

  releaseConnection(conn: DatabaseConnection): Promise<void> {
    this.#release.get(conn)?.();
    this.#release.delete(conn);
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}

export interface LibsqlDialectOptions {
  /** Run one connection at a time (default: true for local `file:` databases). */
  readonly serialize?: boolean;
  /** A fault switch (tests): writes fail as on a full disk while it is set. */
  readonly faults?: DbFaults;
}

/** A kysely Dialect for a libSQL client (local `file:` or remote `libsql:`/`http:`). Destroying the Kysely closes the client. */
export class LibsqlDialect implements Dialect {
  readonly #client: Client;
  readonly #serialize: boolean;
  readonly #faults: DbFaults | null;

  constructor(client: Client, opts: LibsqlDialectOptions = {}) {
    this.#client = client;
    this.#serialize = opts.serialize ?? client.protocol === "file";
    this.#faults = opts.faults ?? null;
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new LibsqlDriver(this.#client, this.#serialize, this.#faults);
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
}
