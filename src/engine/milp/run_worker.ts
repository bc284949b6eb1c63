/**
 * Builds and runs a MILP in a Worker under a hard time limit: the worker is terminated on
 * completion, when the limit (plus an optional grace period) passes, and on abort. The worker
 * stops GLPK itself a little before the limit, so that its best solution gets back in time.
 */
import type { MilpBlocksResult, MilpRequest, MilpSpec, WorkerReply } from "./worker_protocol.ts";

export interface WorkerRunOptions {
  readonly timeLimitSec: number;
  readonly mipGap: number;
  readonly signal?: AbortSignal;
  /** GLPK's log lines as they come. */
  readonly onLog?: (line: string) => void;
  /** Extra time GLPK gets to stop on its own before the worker is killed, ms (default 0). */
  readonly graceMs?: number;
}

/** What became of the run: GLPK's result, or why there is none. */
export type WorkerOutcome =
  | { readonly kind: "solved"; readonly result: MilpBlocksResult }
  | { readonly kind: "killed"; readonly reason: "time_limit" | "aborted" };

/** A GLPK best-bound log line: "+ 1234: mip = 5.0e+02 >= 4.9e+02 ..." (">>>>>" on new incumbents). */
const LOG_LINE = /^\+\s*\d+:\s*(?:mip\s*=|>>>>>)\s*(\S+(?:\s+found yet)?)\s*>=\s*(\S+)/;

/** Incumbent and bound of a GLPK log line, in the solver's objective (see modelValue). */
export function parseMipLog(line: string): { incumbent?: number; bound?: number } | null {
  const m = LOG_LINE.exec(line.trim());
  if (!m) return null;
  const num = (s: string) => {
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined;
  };
  const incumbent = num(m[1]!);
  const bound = num(m[2]!);
  return {
    ...(incumbent !== undefined ? { incumbent } : {}),
    ...(bound !== undefined ? { bound } : {}),
  };
}

/** Builds and solves `spec` in a fresh Worker; always terminates it before resolving. */
export function solveInWorker(spec: MilpSpec, opts: WorkerRunOptions): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return resolve({ kind: "killed", reason: "aborted" });
    const deadlineEpochMs = Date.now() + opts.timeLimitSec * 1000;
    const worker = new Worker(new URL("./milp_worker.ts", import.meta.url), { type: "module" });
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => resolve({ kind: "killed", reason: "aborted" }));
    const timer = setTimeout(
      () => finish(() => resolve({ kind: "killed", reason: "time_limit" })),
      // Creating the worker took time already: the limit counts from the call.
      Math.max(0, deadlineEpochMs - Date.now()) + (opts.graceMs ?? 0),
    );
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const msg = event.data;
      if (msg.kind === "log") opts.onLog?.(msg.line);
      else if (msg.kind === "result") finish(() => resolve({ kind: "solved", result: msg.result }));
      else finish(() => reject(new Error(`MILP worker failed: ${msg.message}`)));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish(() => reject(new Error(`MILP worker failed: ${event.message}`)));
    };
    const request: MilpRequest = {
      spec,
      deadlineEpochMs,
      mipGap: opts.mipGap,
    };
    worker.postMessage(request);
  });
}
