/** Messages between the MILP runner and its Worker (plain, structured-clone friendly data). */
import type { LinearModel } from "./linear_model.ts";
import type { MilpResult } from "./solve.ts";

/** What the runner posts to the worker. */
export interface MilpRequest {
  readonly model: LinearModel;
  readonly timeLimitSec: number;
  readonly mipGap: number;
}

/** What the worker posts back. */
export type WorkerReply =
  | { readonly kind: "log"; readonly line: string }
  | { readonly kind: "result"; readonly result: MilpResult }
  | { readonly kind: "error"; readonly message: string };
