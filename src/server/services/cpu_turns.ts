/**
 * Turns on the server's one thread for work that holds it for milliseconds at a time (checking a
 * 500-lot request, storing a result). Such work takes turns one after another, and each turn
 * first yields to the event loop, so requests that arrived meanwhile (a `schedule.get`) are
 * answered between two turns instead of after a whole burst: 50 clients creating at once no
 * longer hold every reader for the sum of their checks.
 */

/** The tail of the turns handed out so far (one thread per process, hence one queue). */
let tail: Promise<unknown> = Promise.resolve();

/** Lets timers and I/O that are ready run first (a macrotask, not a microtask). */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Runs `work` in its turn, after the turns before it and one pass of the event loop. */
export function inTurn<T>(work: () => Promise<T> | T): Promise<T> {
  const run = tail.then(yieldToLoop).then(work);
  tail = run.catch(() => {});
  return run;
}
