/**
 * Messages between the MILP runner and its Worker (plain, structured-clone friendly data). The
 * worker gets what to build, not the built model: a big model then costs the caller nothing
 * (building and cloning it took seconds on a 1,000-lot input), and the caller's deadline stops
 * the build too, by ending the worker.
 */
import type { GroupBlocks, PackingForm } from "../packing/mod.ts";
import type { MilpModelOptions } from "./model.ts";
import type { MilpResult } from "./solve.ts";

/** Which MILP to build: the compact model or the pattern model over given patterns. */
export type MilpSpec =
  | { readonly kind: "compact"; readonly form: PackingForm; readonly options: MilpModelOptions }
  | {
    readonly kind: "patterns";
    readonly form: PackingForm;
    readonly patterns: readonly (readonly number[])[];
    readonly cutoffHours?: number;
  };

/**
 * What the runner posts to the worker. The deadline is on the wall clock (Date.now), which both
 * threads share, so the worker's start-up counts against the limit on both sides.
 */
export interface MilpRequest {
  readonly spec: MilpSpec;
  readonly deadlineEpochMs: number;
  readonly mipGap: number;
}

/** A MILP's outcome with its solution read back as blocks (group indices, one per lot). */
export type MilpBlocksResult = Omit<MilpResult, "values"> & { readonly blocks: GroupBlocks };

/** What the worker posts back. */
export type WorkerReply =
  | { readonly kind: "log"; readonly line: string }
  | { readonly kind: "result"; readonly result: MilpBlocksResult }
  | { readonly kind: "error"; readonly message: string };
