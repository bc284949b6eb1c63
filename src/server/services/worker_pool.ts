/** A fixed-size pool of engine Workers, spawned lazily; a killed worker is replaced on next use. */
import type { WorkerReply, WorkerRequest, WorkerStop } from "../worker_protocol.ts";

/** What the pool tells its owner about a worker's job. */
export interface PoolListener {
  onReply(reply: WorkerReply): void;
  /** The worker died (uncaught error); its job `jobId` is lost. */
  onCrash(jobId: string, error: string): void;
}

interface Slot {
  readonly worker: Worker;
  jobId: string | null;
  /** Stops the job when it overruns its deadline. */
  deadline: ReturnType<typeof setTimeout> | undefined;
}

/** Up to `size` workers; each runs one job at a time. */
export class WorkerPool {
  readonly #size: number;
  readonly #listener: PoolListener;
  readonly #slots = new Set<Slot>();
  readonly #url: URL;
  #closed = false;

  /** `url` is the worker module (default: the engine worker). */
  constructor(
    size: number,
    listener: PoolListener,
    url: URL = new URL("../worker.ts", import.meta.url),
  ) {
    this.#size = size;
    this.#listener = listener;
    this.#url = url;
  }

  /** Workers that could take a job now (idle or not yet spawned). */
  free(): number {
    if (this.#closed) return 0;
    let busy = 0;
    for (const s of this.#slots) if (s.jobId !== null) busy++;
    return this.#size - busy;
  }

  /** Live workers (spawned, busy or idle). */
  spawned(): number {
    return this.#slots.size;
  }

  /**
   * Sends a job to an idle worker (spawning one if needed); false if none is free. A job still
   * unanswered after `deadlineMs` is stopped and reported as a crash: a worker that closed or
   * exited (which Deno does not report) or hangs would otherwise hold its job running forever.
   */
  run(req: WorkerRequest, deadlineMs = Infinity): boolean {
    if (this.free() <= 0) return false;
    let slot = [...this.#slots].find((s) => s.jobId === null);
    slot ??= this.#spawn();
    slot.jobId = req.jobId;
    if (Number.isFinite(deadlineMs)) {
      slot.deadline = setTimeout(() => {
        if (slot.jobId !== req.jobId || this.#closed) return;
        this.#kill(slot);
        const seconds = +(deadlineMs / 1000).toFixed(1);
        this.#listener.onCrash(
          req.jobId,
          `the job did not finish within ${seconds} s; its worker was stopped`,
        );
      }, deadlineMs);
    }
    slot.worker.postMessage(req);
    return true;
  }

  #spawn(): Slot {
    const worker = new Worker(this.#url, { type: "module" });
    const slot: Slot = { worker, jobId: null, deadline: undefined };
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === "ready" || this.#closed) return;
      if (m.type !== "progress" && slot.jobId === m.jobId) {
        slot.jobId = null;
        clearTimeout(slot.deadline);
      }
      this.#listener.onReply(m);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const jobId = slot.jobId;
      this.#kill(slot);
      if (jobId !== null && !this.#closed) {
        this.#listener.onCrash(jobId, e.message || "the worker crashed");
      }
    };
    this.#slots.add(slot);
    return slot;
  }

  #kill(slot: Slot): void {
    clearTimeout(slot.deadline);
    slot.worker.terminate();
    this.#slots.delete(slot);
  }

  /** Asks the worker running `jobId` to end its search and reply with its best; false if none. */
  stop(jobId: string): boolean {
    for (const s of this.#slots) {
      if (s.jobId === jobId) {
        s.worker.postMessage({ type: "stop", jobId } satisfies WorkerStop);
        return true;
      }
    }
    return false;
  }

  /** Terminates the worker running `jobId` (a new one is spawned on demand); false if none. */
  abort(jobId: string): boolean {
    for (const s of this.#slots) {
      if (s.jobId === jobId) {
        this.#kill(s);
        return true;
      }
    }
    return false;
  }

  /** Terminates every worker. */
  close(): void {
    this.#closed = true;
    for (const s of [...this.#slots]) this.#kill(s);
  }
}
