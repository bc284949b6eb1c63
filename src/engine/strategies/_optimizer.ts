/**
 * What the optimizers (opt-pack, milp-opt) share: starting plans from the heuristics they are
 * built with, and progress reports of the incumbent, the bound and their gap.
 */
import type { LineConfig, Lot, Plan } from "../model.ts";
import { resolveOptions, type Strategy } from "../registry.ts";
import { CancelledError } from "../errors.ts";
import type { Phase, ProgressFn } from "../progress.ts";
import { gapPct } from "../gap.ts";

/** One heuristic's plan and how long it took, ms. */
export interface HeuristicStart {
  readonly name: string;
  readonly plan: Plan;
  readonly ms: number;
}

/**
 * Each heuristic's plan (default options), in order, while `more(lastMs)` lets another start
 * (`lastMs`: the previous heuristic's time, 0 before the first). A heuristic that fails is just
 * no start; a CancelledError passes through.
 */
export async function* heuristicStarts(
  heuristics: readonly Strategy[],
  lots: readonly Lot[],
  config: LineConfig,
  more: (lastMs: number) => boolean,
): AsyncGenerator<HeuristicStart> {
  let lastMs = 0;
  for (const h of heuristics) {
    if (!more(lastMs)) return;
    const { options, errors } = resolveOptions(h, {});
    if (errors.length) continue;
    const t0 = performance.now();
    let plan: Plan | null = null;
    try {
      plan = (await h.run({ lots, config, options })).plan;
    } catch (e) {
      if (e instanceof CancelledError) throw e;
    }
    lastMs = performance.now() - t0;
    if (plan) yield { name: h.name, plan, ms: lastMs };
  }
}

/** What a report may carry besides its phase and message. */
export interface Progress {
  readonly incumbent?: number;
  readonly bound?: number;
  readonly percent?: number;
}

/**
 * Reports progress with an incumbent that never rises, a bound that never falls (nor passes the
 * incumbent) and their gap.
 */
export function incumbentTracker(onProgress: ProgressFn | undefined, t0: number) {
  let incumbent = Infinity;
  let bound = -Infinity;
  return {
    get incumbent() {
      return incumbent;
    },
    get bound() {
      return bound;
    },
    update(phase: Phase, message: string, next: Progress = {}) {
      if (next.incumbent !== undefined) incumbent = Math.min(incumbent, next.incumbent);
      if (next.bound !== undefined) bound = Math.max(bound, Math.min(next.bound, incumbent));
      onProgress?.({
        phase,
        message,
        ...(next.percent !== undefined ? { percent: next.percent } : {}),
        elapsedMs: performance.now() - t0,
        incumbentHours: incumbent,
        lowerBoundHours: bound,
        gapPct: gapPct(incumbent, bound),
      });
    },
  };
}
