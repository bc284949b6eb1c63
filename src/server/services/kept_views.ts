/**
 * Jobs' views as JSON, kept ready to write. Every change to a job's row moves its status, its
 * `updated_at` or its start count, so a view's text is kept with that stamp (`stampOf`); pollers
 * re-reading a job, most of all a finished 500-lot schedule (~270 kB that never changes again),
 * get the same bytes without reading, decoding and encoding it each time. Bounded in bytes; the
 * least recently read go first.
 */
import { Buffer } from "node:buffer";
import type { JobStamp } from "../../db/jobs.ts";

/** What identifies one state of a job's row. */
export function stampOf(s: JobStamp): string {
  return `${s.status}@${s.updatedAt}#${s.attempts}`;
}

interface Kept {
  readonly stamp: string;
  readonly bytes: Uint8Array;
}

export class KeptViews {
  readonly #views = new Map<string, Kept>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  /** The kept JSON of job `id` in the state `stamp`, if kept. */
  get(id: string, stamp: string): Uint8Array | undefined {
    const hit = this.#views.get(id);
    if (!hit || hit.stamp !== stamp) return undefined;
    // Re-inserted: a Map iterates oldest first, so the front is the least recently read.
    this.#views.delete(id);
    this.#views.set(id, hit);
    return hit.bytes;
  }

  /** Keeps the view's JSON (when it fits) and returns it as UTF-8 bytes. */
  put(id: string, stamp: string, view: unknown): Uint8Array {
    return this.putJson(id, stamp, JSON.stringify(view));
  }

  /** Keeps a view's JSON text (when it fits) and returns it as UTF-8 bytes. */
  putJson(id: string, stamp: string, json: string): Uint8Array {
    const bytes = Buffer.from(json);
    this.drop(id);
    if (bytes.byteLength > this.maxBytes) return bytes;
    this.#views.set(id, { stamp, bytes });
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
