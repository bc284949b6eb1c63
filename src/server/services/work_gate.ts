/** At most `running` tasks at once, at most `waiting` queued behind them; beyond that, refuse. */

/** Thrown when the queue is full; the caller should answer "busy, retry shortly". */
export class GateFullError extends Error {
  constructor() {
    super("too many operations of this kind at once");
    this.name = "GateFullError";
  }
}

/** A counting semaphore with a bounded FIFO queue. */
export class WorkGate {
  readonly #running: number;
  readonly #waiting: number;
  #active = 0;
  readonly #queue: (() => void)[] = [];
  #peak = 0;

  constructor(running: number, waiting: number) {
    this.#running = running;
    this.#waiting = waiting;
  }

  /** Runs `task` when a slot is free; throws GateFullError at once if the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#running) {
      if (this.#queue.length >= this.#waiting) throw new GateFullError();
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else this.#active++;
    this.#peak = Math.max(this.#peak, this.#active);
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#active--;
    }
  }

  /** Tasks running now, queued now, and the most that ever ran at once. */
  stats(): { active: number; queued: number; peak: number } {
    return { active: this.#active, queued: this.#queue.length, peak: this.#peak };
  }
}
