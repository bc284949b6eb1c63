/**
 * Storage faults: telling them apart (busy, full, read-only), retrying a busy database with
 * back-off, and a switch that makes writes fail as a full disk would (for tests of the service's
 * behaviour when storage fails, without filling a real disk).
 */
import { FAULT_CODES } from "./dialects.ts";

/** What kind of storage problem an error is, or null for anything else. */
export type StorageFault = "busy" | "full" | "readonly" | "io";

/** The storage fault an error stands for (its code, maybe on a cause; see FAULT_CODES). */
export function storageFaultOf(e: unknown): StorageFault | null {
  for (let x: unknown = e, depth = 0; x && depth < 5; depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === "string") {
      const base = code.split("_").slice(0, 2).join("_");
      const fault = FAULT_CODES[code] ?? FAULT_CODES[base];
      if (fault) return fault;
    }
    x = (x as { cause?: unknown }).cause;
  }
  return null;
}

/** Back-off of a busy statement, ms: after the database's own busy timeout, these waits. */
const BUSY_BACKOFF_MS = [25, 50, 100, 200, 400, 800];

/** Runs `op`, running it again after a growing pause while the database reports busy. */
export async function retryBusy<T>(op: () => Promise<T>): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await op();
    } catch (e) {
      const wait = BUSY_BACKOFF_MS[attempt];
      if (wait === undefined || storageFaultOf(e) !== "busy") throw e;
      await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
    }
  }
}

/** An error shaped like libSQL's, for injected faults. */
export class InjectedStorageError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(`${code}: injected storage fault`);
    this.name = "InjectedStorageError";
    this.code = code;
  }
}

/** Statements that write nothing: reads, settings and transaction control. */
const READS =
  /^\s*(select|pragma|show|set|begin|commit|rollback|savepoint|release|with\b(?![\s\S]*\b(insert|update|delete)\b))/i;

/** A switch the tests flip: while `writes` is set, every writing statement fails with that code. */
export class DbFaults {
  writes: "SQLITE_FULL" | "SQLITE_READONLY" | null = null;

  /** Throws the injected fault if `sql` writes and a fault is set (transaction control passes). */
  check(sql: string): void {
    if (this.writes && !READS.test(sql)) {
      throw new InjectedStorageError(this.writes);
    }
  }
}
