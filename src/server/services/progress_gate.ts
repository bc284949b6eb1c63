/** Spaces one job's progress events at least `intervalMs` apart, holding the latest; the last is never lost. */

/** A per-job throttle: `offer` updates, `flush` the held one before the job's final event. */
export class ProgressGate<T> {
  readonly #send: (u: T) => void;
  readonly #intervalMs: number;
  #lastSent = -Infinity;
  #held: T | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(send: (u: T) => void, intervalMs: number) {
    this.#send = send;
    this.#intervalMs = intervalMs;
  }

  #wait(): number {
    return this.#lastSent + this.#intervalMs - performance.now();
  }

  #emit(u: T): void {
    this.#held = null;
    this.#lastSent = performance.now();
    this.#send(u);
  }

  /** Sends now if the interval has passed, else holds `u` (replacing an older held one) until it has. */
  offer(u: T): void {
    const wait = this.#wait();
    if (wait <= 0 && !this.#timer) {
      this.#emit(u);
      return;
    }
    this.#held = u;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      if (this.#held !== null) this.#emit(this.#held);
    }, Math.max(0, Math.ceil(wait)));
  }

  /** Sends the held update, if any, once the interval allows. */
  async flush(): Promise<void> {
    this.#clearTimer();
    const held = this.#held;
    if (held === null) return;
    const wait = this.#wait();
    if (wait > 0) await new Promise((r) => setTimeout(r, Math.ceil(wait)));
    this.#emit(held);
  }

  /** Drops the held update and any timer. */
  close(): void {
    this.#clearTimer();
    this.#held = null;
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
