/** Worker entry: runs one engine job at a time and posts progress and the result back. */
import { compareStrategies } from "../engine/compare.ts";
import { InputError, runSchedule } from "../engine/mod.ts";
import type { WorkerReply, WorkerRequest } from "./worker_protocol.ts";

/** Runs one request, reporting through `post`. */
export async function handle(req: WorkerRequest, post: (m: WorkerReply) => void): Promise<void> {
  const jobId = req.jobId;
  try {
    if (req.type === "schedule") {
      const schedule = await runSchedule(req.lots, req.config, {
        strategy: req.strategy,
        startMs: req.startMs,
        boundBudgetMs: req.boundBudgetMs,
        onProgress: (update) => post({ type: "progress", jobId, update }),
      });
      post({ type: "schedule", jobId, schedule });
    } else {
      const result = await compareStrategies(req.lots, req.config, {
        strategies: req.strategies,
        startMs: req.startMs,
        boundBudgetMs: req.boundBudgetMs,
        onProgress: ({ run: _r, runs: _n, ...update }) => post({ type: "progress", jobId, update }),
      });
      post({ type: "compare", jobId, result });
    }
  } catch (e) {
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
