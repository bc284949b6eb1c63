/**
 * A fixed-size pool of engine processes, spawned lazily; one that dies or is killed is replaced on
 * next use.
 */
import type { WorkerReply, WorkerRequest, WorkerStop } from "../worker_protocol.ts";
import { EngineProcess, type EngineProcessOptions } from "./engine_process.ts";

/** What the pool tells its owner about a worker's job. */
export interface PoolListener {
  onReply(reply: WorkerReply): void;
  /** The worker died (crashed, ran out of memory, exited); its job `jobId` is lost. */
  onCrash(jobId: string, error: string): void;
}

interface Slot {
  readonly worker: EngineProcess;
  jobId: string | null;
  /** Stops the job when it overruns its deadline. */
  deadline: ReturnType<typeof setTimeout> | undefined;
}

/** Up to `size` engine processes; each runs one job at a time. */
export class WorkerPool {
  readonly #size: number;
  readonly #listener: PoolListener;
  readonly #slots = new Set<Slot>();
  readonly #options: EngineProcessOptions;
  #closed = false;

  constructor(size: number, listener: PoolListener, options: EngineProcessOptions) {
    this.#size = size;
    this.#listener = listener;
    this.#options = options;
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
   * unanswered after `deadlineMs` is stopped and reported as a crash: a worker that hangs would
   * otherwise hold its job running forever.
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
    slot.worker.send(req);
    return true;
  }

  #spawn(): Slot {
    const slot: Slot = {
      worker: new EngineProcess(this.#options, (m) => {
        if (m.type === "ready" || this.#closed) return;
        if (m.type !== "progress" && slot.jobId === m.jobId) {
          slot.jobId = null;
          clearTimeout(slot.deadline);
        }
        this.#listener.onReply(m);
      }, (reason) => {
        const jobId = slot.jobId;
        this.#kill(slot);
        if (jobId !== null && !this.#closed) this.#listener.onCrash(jobId, reason);
      }),
      jobId: null,
      deadline: undefined,
    };
    this.#slots.add(slot);
    return slot;
  }

  #kill(slot: Slot): void {
    clearTimeout(slot.deadline);
    slot.worker.kill();
    this.#slots.delete(slot);
  }

  /** Asks the worker running `jobId` to end its search and reply with its best; false if none. */
  stop(jobId: string): boolean {
    for (const s of this.#slots) {
      if (s.jobId === jobId) {
        s.worker.send({ type: "stop", jobId } satisfies WorkerStop);
        return true;
      }
    }
    return false;
  }

  /** Stops the worker running `jobId` (a new one is spawned on demand); false if none. */
  abort(jobId: string): boolean {
    for (const s of this.#slots) {
      if (s.jobId === jobId) {
        this.#kill(s);
        return true;
      }
    }
    return false;
  }

  /** Stops every worker. */
  close(): void {
    this.#closed = true;
    for (const s of [...this.#slots]) this.#kill(s);
  }
}
