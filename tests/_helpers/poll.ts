/** Waiting for a job to end by polling its `get` (tests only). */

const ENDED = new Set(["completed", "failed", "cancelled"]);

/** Calls `get` until the status is final (or `until` says so); throws after `timeoutMs`. */
export async function pollUntil<T extends { status: string }>(
  get: () => Promise<T>,
  opts: { timeoutMs?: number; until?: (v: T) => boolean } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const done = opts.until ?? ((v: T) => ENDED.has(v.status));
  for (let wait = 10;; wait = Math.min(200, wait * 2)) {
    const v = await get();
    if (done(v)) return v;
    if (Date.now() > deadline) {
      throw new Error(`still ${v.status} after ${opts.timeoutMs ?? 60_000} ms`);
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}
