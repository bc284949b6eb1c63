/** Progress reports from long runs: the event shape and a rate limiter that always keeps the last. */

export type Phase =
  | "validating"
  | "constructing"
  | "improving"
  | "bounding"
  | "solving"
  | "exporting";

/** What a strategy or run is doing now. `percent` is 0–100 of the expected work. */
export interface ProgressUpdate {
  readonly phase: Phase;
  readonly message: string;
  readonly percent?: number;
  readonly elapsedMs?: number;
  readonly etaMs?: number;
  readonly incumbentHours?: number;
  readonly lowerBoundHours?: number;
  readonly gapPct?: number;
}

export type ProgressFn = (update: ProgressUpdate) => void;

/**
 * Wraps `fn` so that updates pass at most every `minMs`; a held-back update is sent by `flush()`,
 * so the last state is never lost. A change of phase always passes.
 */
export function rateLimited(
  fn: ProgressFn,
  minMs = 100,
  now: () => number = () => performance.now(),
): { emit: ProgressFn; flush: () => void } {
  let last = -Infinity;
  let lastPhase: Phase | null = null;
  let held: ProgressUpdate | null = null;
  const send = (u: ProgressUpdate) => {
    last = now();
    lastPhase = u.phase;
    held = null;
    fn(u);
  };
  return {
    emit(u) {
      if (u.phase !== lastPhase || now() - last >= minMs) send(u);
      else held = u;
    },
    flush() {
      if (held) send(held);
    },
  };
}
