/** Public surface of the engine: pure TypeScript, no I/O. */
export * from "./model.ts";
export * from "./config.ts";
export * from "./errors.ts";
export * from "./rules.ts";
export * from "./lots.ts";
export * from "./planner.ts";
export * from "./kpis.ts";
export * from "./validate.ts";
export * from "./progress.ts";
export * from "./registry.ts";
export * from "./time.ts";
export * from "./run_schedule.ts";
export * from "./compare.ts";
export * from "./formats/mod.ts";
export { registry } from "./strategies/mod.ts";
export { computeLowerBound } from "./bounds/mod.ts";
export type { BoundOptions, LowerBound } from "./bounds/mod.ts";
export { continuousBound } from "./bounds/continuous.ts";
