/** A worker that crashes on its first message (an uncaught error), to test the pool's recovery. */
const scope = globalThis as unknown as { onmessage: unknown; postMessage(m: unknown): void };
scope.postMessage({ type: "ready" });
scope.onmessage = (e: MessageEvent<{ jobId: string }>) => {
  if (e.data.jobId.startsWith("crash")) throw new Error(`boom in ${e.data.jobId}`);
  scope.postMessage({ type: "error", jobId: e.data.jobId, message: "refused", issues: [] });
};
