/** Counts attempts per key (account, address) in a fixed window; memory stays bounded. */

/** Most keys kept; beyond it the oldest windows are forgotten first. */
const MAX_KEYS = 50_000;

interface Window {
  count: number;
  resetAt: number;
}

/** `limit` attempts per key per `windowMs`. */
export class AttemptLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Seconds until `key` may try again; 0 when it may try now. */
  retryAfterSec(key: string): number {
    const w = this.#live(key);
    return w && w.count >= this.#limit
      ? Math.max(1, Math.ceil((w.resetAt - this.#now()) / 1000))
      : 0;
  }

  /** Counts one attempt of `key`. */
  hit(key: string): void {
    const w = this.#live(key);
    if (w) {
      w.count++;
      return;
    }
    if (this.#windows.size >= MAX_KEYS) this.#prune();
    this.#windows.set(key, { count: 1, resetAt: this.#now() + this.#windowMs });
  }

  /** Forgets `key` (e.g. after a successful login). */
  reset(key: string): void {
    this.#windows.delete(key);
  }

  #live(key: string): Window | undefined {
    const w = this.#windows.get(key);
    if (w && w.resetAt <= this.#now()) {
      this.#windows.delete(key);
      return undefined;
    }
    return w;
  }

  #prune(): void {
    const now = this.#now();
    for (const [k, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(k);
    // Still full: drop the oldest (Map keeps insertion order).
    for (const k of this.#windows.keys()) {
      if (this.#windows.size < MAX_KEYS) break;
      this.#windows.delete(k);
    }
  }
}
