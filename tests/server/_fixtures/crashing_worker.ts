/**
 * A worker that crashes on "crash…" jobs (an uncaught error), closes itself on "exit…" jobs
 * (silently, as Deno reports nothing), and refuses the others, to test the pool's recovery.
 */
const scope = globalThis as unknown as { onmessage: unknown; postMessage(m: unknown): void };
scope.postMessage({ type: "ready" });
scope.onmessage = (e: MessageEvent<{ jobId: string }>) => {
  if (e.data.jobId.startsWith("crash")) throw new Error(`boom in ${e.data.jobId}`);
  if (e.data.jobId.startsWith("exit")) return (globalThis as unknown as { close(): void }).close();
  scope.postMessage({ type: "error", jobId: e.data.jobId, message: "refused", issues: [] });
};
