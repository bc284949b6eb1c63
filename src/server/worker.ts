/** Worker entry: runs one engine job at a time and posts progress and the result back. */
import {
  compareStrategies,
  InputError,
  priceCertificate,
  rateLimited,
  runSchedule,
  whatIf,
} from "../engine/mod.ts";
import type { WorkerProgress, WorkerReply, WorkerRequest, WorkerStop } from "./worker_protocol.ts";

/** Spacing of progress messages to the main thread, ms (it publishes at most every 100 ms). */
const PROGRESS_MIN_MS = 50;

/** Stop switches of the jobs this worker is running, by job id. */
const stops = new Map<string, AbortController>();

/** Ends a running job's search early (its reply then carries the best result so far). */
export function stopJob(m: WorkerStop): boolean {
  const stop = stops.get(m.jobId);
  stop?.abort();
  return stop !== undefined;
}

/** Runs one request, reporting through `post`. */
export async function handle(req: WorkerRequest, post: (m: WorkerReply) => void): Promise<void> {
  const jobId = req.jobId;
  const stop = new AbortController();
  stops.set(jobId, stop);
  // Solvers may report every iteration; the main thread needs far fewer messages than that.
  const progress = rateLimited(
    (update: WorkerProgress) => post({ type: "progress", jobId, update }),
    PROGRESS_MIN_MS,
  );
  try {
    if (req.type === "schedule") {
      const schedule = await runSchedule(req.lots, req.config, {
        strategy: req.strategy,
        startMs: req.startMs,
        boundBudgetMs: req.boundBudgetMs,
        stop: stop.signal,
        onProgress: progress.emit,
      });
      progress.flush();
      post({ type: "schedule", jobId, schedule });
    } else if (req.type === "prices") {
      const certificate = await priceCertificate(req.lots, req.config, req.budgetMs);
      post({ type: "prices", jobId, certificate });
    } else if (req.type === "whatIf") {
      const results = await whatIf(req.lots, req.config, req.scenarios, {
        strategy: req.strategy,
        budgetMs: req.budgetMs,
        baseline: req.baseline,
      });
      post({ type: "whatIf", jobId, results });
    } else {
      const result = await compareStrategies(req.lots, req.config, {
        strategies: req.strategies,
        startMs: req.startMs,
        boundBudgetMs: req.boundBudgetMs,
        stop: stop.signal,
        onProgress: ({ run: _r, runs: _n, ...update }) => progress.emit(update),
      });
      progress.flush();
      post({ type: "compare", jobId, result });
    }
  } catch (e) {
    progress.flush();
    post({
      type: "error",
      jobId,
      message: e instanceof Error ? e.message : String(e),
      issues: e instanceof InputError ? [...e.issues] : [],
    });
  } finally {
    stops.delete(jobId);
  }
}

// In a Worker, `self` has postMessage; as a plain module (tests importing `handle`) nothing starts.
const scope = globalThis as unknown as {
  postMessage?: (m: unknown) => void;
  onmessage?: unknown;
  WorkerGlobalScope?: unknown;
};
if (typeof scope.WorkerGlobalScope !== "undefined" && scope.postMessage) {
  const post = (m: WorkerReply) => scope.postMessage!(m);
  // Searches yield now and then, so a stop arrives while its job runs.
  scope.onmessage = (e: MessageEvent<WorkerRequest | WorkerStop>) =>
    void (e.data.type === "stop" ? stopJob(e.data) : handle(e.data, post));
  post({ type: "ready" });
}
