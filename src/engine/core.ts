/**
 * The engine without its solvers: data types, config, the line's rules, planning, validation,
 * time and the file formats. It pulls in no strategy, bound or MILP code, so a browser bundle
 * can import it; everything else outside the engine imports `mod.ts`.
 */
export * from "./model.ts";
export * from "./issue_codes.ts";
export * from "./config.ts";
export * from "./errors.ts";
export * from "./rules.ts";
export * from "./lots.ts";
export * from "./planner.ts";
export * from "./calendar.ts";
export * from "./due.ts";
export * from "./kpis.ts";
export * from "./gap.ts";
export * from "./validate.ts";
export * from "./progress.ts";
export * from "./registry.ts";
export * from "./time.ts";
export * from "./formats/mod.ts";
