/** Worker entry: runs one engine job at a time and posts progress and the result back. */
import {
  compareStrategies,
  InputError,
  priceCertificate,
  rateLimited,
  runSchedule,
  whatIf,
} from "../engine/mod.ts";
import type { WorkerProgress, WorkerReply, WorkerRequest } from "./worker_protocol.ts";

/** Spacing of progress messages to the main thread, ms (it publishes at most every 100 ms). */
const PROGRESS_MIN_MS = 50;

/** Runs one request, reporting through `post`. */
export async function handle(req: WorkerRequest, post: (m: WorkerReply) => void): Promise<void> {
  const jobId = req.jobId;
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
  scope.onmessage = (e: MessageEvent<WorkerRequest>) => void handle(e.data, post);
  post({ type: "ready" });
}
