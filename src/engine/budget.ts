/**
 * Time budgets: a clock and the reading at which the time runs out. Long computations take a
 * Budget rather than a number of milliseconds, so nested steps share one end and a test can
 * drive the clock.
 */

/** A clock in milliseconds (performance.now by default). */
export type Clock = () => number;

export const wallClock: Clock = () => performance.now();

export interface Budget {
  readonly now: Clock;
  /** The clock reading at which the budget is spent. */
  readonly end: number;
}

/** A budget of `ms` from now on `clock`. */
export function budgetOf(ms: number, clock: Clock = wallClock): Budget {
  return { now: clock, end: clock() + Math.max(0, ms) };
}

/** Milliseconds left (negative once overrun). */
export function msLeft(budget: Budget): number {
  return budget.end - budget.now();
}

/** Whether the budget is spent. */
export function spent(budget: Budget): boolean {
  return budget.now() >= budget.end;
}

/** A budget that ends `ms` from now, or with `outer`, whichever comes first. */
export function subBudget(outer: Budget, ms: number): Budget {
  return { now: outer.now, end: Math.min(outer.end, outer.now() + Math.max(0, ms)) };
}

/**
 * Counts calls and reads the clock every `every` calls only (a clock read costs more than the
 * inner step of a tight loop): true once the budget is spent.
 */
export function spentEvery(budget: Budget, every: number): () => boolean {
  let calls = 0;
  let over = false;
  return () => {
    if (!over && ++calls % every === 0) over = spent(budget);
    return over;
  };
}

/**
 * The promise a budget makes: work given `budgetMs` returns within this many ms (10 % and
 * 50 ms of slack for the last step, timers and garbage collection).
 */
export function promisedMs(budgetMs: number): number {
  return budgetMs * 1.1 + 50;
}
