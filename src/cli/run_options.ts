/** The engine options schedule and compare both pass, so the two commands run a plan alike. */
import type { Registry, RunOptions } from "../engine/mod.ts";
import { type CliIo, stoppableBy } from "./io.ts";

/** What every CLI run hands the engine; each command adds its strategies and progress. */
export type CliRunOptions = Pick<
  RunOptions,
  "registry" | "boundBudgetMs" | "now" | "stop" | "sequence"
>;

/**
 * Runs `work` with `registry`, `budgetMs` for the bound, the io's clock, the first Ctrl-C as the
 * stop signal (see `stoppableBy`) and the `--sequence` order when a file gave one.
 */
export function stoppableRun<T>(
  io: CliIo,
  run: { registry: Registry; budgetMs: number; sequence: readonly string[] | undefined },
  work: (opts: CliRunOptions) => Promise<T>,
): Promise<T> {
  return stoppableBy(io, (stop) =>
    work({
      registry: run.registry,
      boundBudgetMs: run.budgetMs,
      now: io.now,
      stop,
      ...(run.sequence ? { sequence: run.sequence } : {}),
    }));
}
