/**
 * One job's events as an async stream for a subscription: listens to the live bus first, then
 * replays the stored backlog, then passes live events on (deduplicated by id) until the job's
 * terminal event or the caller's abort. When the bus knows nothing of the job (the server
 * restarted, or its history was dropped) the job's stored row stands in for the history.
 */
import {
  isTerminal,
  type JobEvent,
  type JobEventEnvelope,
  type JobEvents,
  type OwnerEvent,
} from "./job_events.ts";

/** What the stored row says about a job when the bus has no history for it. */
export type StoredState = JobEvent | null;

/** Options of `streamJob`. */
export interface StreamJobOptions {
  readonly jobId: string;
  /** Last id the client saw (tRPC `lastEventId`). */
  readonly lastEventId?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Reads the job's row and maps it to its current event; called only when the bus is empty. */
  readonly stored: () => Promise<StoredState>;
  /** A template for synthesized envelopes. */
  readonly ref: Pick<JobEventEnvelope, "jobId" | "kind" | "ownerId">;
}

/** Events queued by a bus listener, handed out one at a time. */
interface Inbox<T> {
  /** Events received and not yet taken. */
  readonly pending: number;
  /** The next event, waiting for one to arrive; undefined once the signal aborted. */
  next(): Promise<T | undefined>;
  /** Stops listening to the bus and to the signal. */
  close(): void;
}

/** Listens with `subscribe` (which returns its unsubscribe) and queues what arrives. */
function inbox<T>(
  subscribe: (listener: (e: T) => void) => () => void,
  signal: AbortSignal | undefined,
): Inbox<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const off = subscribe((e) => {
    queue.push(e);
    poke();
  });
  signal?.addEventListener("abort", poke);
  return {
    get pending() {
      return queue.length;
    },
    async next() {
      while (!signal?.aborted) {
        const e = queue.shift();
        if (e !== undefined) return e;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return undefined;
    },
    close() {
      off();
      signal?.removeEventListener("abort", poke);
    },
  };
}

/** Yields the job's events (see the module note) and ends after the terminal one. */
export async function* streamJob(
  events: JobEvents,
  opts: StreamJobOptions,
): AsyncGenerator<JobEventEnvelope, void, undefined> {
  const { jobId, signal } = opts;
  // Live source first, so that nothing published while we read the backlog falls between.
  const live = inbox<JobEventEnvelope>((listener) => events.subscribe(jobId, listener), signal);
  try {
    // Events another instance published and this one has not read yet (a no-op in one process).
    await events.sync(jobId);
    let last = 0;
    if (events.size(jobId) === 0) {
      const state = await opts.stored();
      if (state !== null && live.pending === 0 && events.size(jobId) === 0) {
        // Ids of a synthesized terminal event continue the client's, so they still increase.
        const after = Number(opts.lastEventId ?? 0);
        const id = isTerminal(state) ? String((Number.isInteger(after) ? after : 0) + 1) : "0";
        yield { ...opts.ref, id, at: new Date().toISOString(), event: state };
        if (isTerminal(state)) return;
      }
    } else {
      const backlog = events.replay(jobId, opts.lastEventId);
      const after = Number(opts.lastEventId);
      if (backlog.length === 0 && Number.isInteger(after)) last = after;
      for (const e of backlog) {
        if (signal?.aborted) return;
        last = Number(e.id);
        yield e;
        if (isTerminal(e.event)) return;
      }
      // The job already ended before this (re)subscription's last id: nothing more will come.
      const tail = events.replay(jobId, String(events.size(jobId) - 1))[0];
      if (tail && isTerminal(tail.event) && Number(tail.id) <= last) return;
    }
    for (let e = await live.next(); e !== undefined; e = await live.next()) {
      if (Number(e.id) <= last) continue;
      last = Number(e.id);
      yield e;
      if (isTerminal(e.event)) return;
    }
  } finally {
    live.close();
  }
}

/**
 * Yields the status events (not progress) of every job of `ownerId` until `signal` aborts: first
 * the kept ones after `lastEventId` (resume), then live ones, each once.
 */
export async function* streamOwner(
  events: JobEvents,
  ownerId: string,
  signal?: AbortSignal,
  lastEventId?: string | null,
): AsyncGenerator<OwnerEvent, void, undefined> {
  const live = inbox<OwnerEvent>((listener) => events.subscribeOwner(ownerId, listener), signal);
  try {
    let last = -Infinity;
    for (const e of events.ownerReplay(ownerId, lastEventId)) {
      if (signal?.aborted) return;
      last = e.seq;
      yield e;
    }
    for (let e = await live.next(); e !== undefined; e = await live.next()) {
      if (e.seq <= last) continue;
      last = e.seq;
      yield e;
    }
  } finally {
    live.close();
  }
}
