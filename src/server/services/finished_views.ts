/**
 * The JSON of finished jobs' views, kept ready to write. A finished row never changes again (every
 * change moves `updated_at`, and a finished job has none), so a view's text is kept with its id and
 * that instant; pollers re-reading a finished 500-lot schedule get the same ~270 kB without
 * decoding and encoding it each time. Bounded in bytes; the least recently read go first.
 */
import { Buffer } from "node:buffer";
import type { JobStatus } from "../../db/schema.ts";

/** Statuses after which a job's row no longer changes. */
export function finished(status: JobStatus): boolean {
  return status !== "queued" && status !== "running";
}

interface Kept {
  readonly updatedAt: string;
  readonly bytes: Uint8Array;
}

export class FinishedViews {
  readonly #views = new Map<string, Kept>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** The kept JSON of job `id` as it was at `updatedAt`, if kept. */
  get(id: string, updatedAt: string): Uint8Array | undefined {
    const hit = this.#views.get(id);
    if (!hit || hit.updatedAt !== updatedAt) return undefined;
    // Re-inserted: a Map iterates oldest first, so the front is the least recently read.
    this.#views.delete(id);
    this.#views.set(id, hit);
    return hit.bytes;
  }

  /** Keeps the view's JSON (when it fits) and returns it as UTF-8 bytes. */
  put(id: string, updatedAt: string, view: unknown): Uint8Array {
    const bytes = Buffer.from(JSON.stringify(view));
    this.drop(id);
    if (bytes.byteLength > this.maxBytes) return bytes;
    this.#views.set(id, { updatedAt, bytes });
    this.#bytes += bytes.byteLength;
    for (const [oldest] of this.#views) {
      if (this.#bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
    return bytes;
  }

  /** Forgets job `id`, e.g. when it is deleted. */
  drop(id: string): void {
    const kept = this.#views.get(id);
    if (!kept) return;
    this.#bytes -= kept.bytes.byteLength;
    this.#views.delete(id);
  }

  /** Bytes kept. */
  get bytes(): number {
    return this.#bytes;
  }
}
