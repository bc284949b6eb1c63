/**
 * The engine's door: the only module that code outside `src/engine/` imports (or `core.ts`, its
 * solver-free part, for browser bundles). Pure TypeScript, no I/O. `tests/architecture_test.ts`
 * holds every other file to this.
 */
export * from "./core.ts";
export * from "./run_request.ts";
export * from "./run_schedule.ts";
export * from "./compare.ts";
export { registry } from "./strategies/mod.ts";
export { computeLowerBound } from "./bounds/mod.ts";
export type { BoundOptions, LowerBound } from "./bounds/mod.ts";
export { continuousBound } from "./bounds/continuous.ts";
export * from "./explain/mod.ts";
export { promisedMs } from "./budget.ts";
export * from "./replan/mod.ts";
