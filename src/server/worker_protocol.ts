/** Messages between the job service and its engine processes (structured-clone data only). */
import type { ScheduleResultColumns } from "../db/codec/schedules.ts";
import type {
  Bound,
  CompareResult,
  Issue,
  Kpis,
  Lot,
  PriceCertificate,
  ProgressUpdate,
  ReplanOptions,
  ReplanReport,
  Schedule,
  SchedulerConfig,
  WhatIfResult,
  WhatIfScenario,
} from "../engine/mod.ts";

/** Main → worker: run one job. */
export type WorkerRequest =
  | {
    readonly type: "schedule";
    readonly jobId: string;
    readonly lots: readonly Lot[];
    readonly config: SchedulerConfig;
    readonly strategy: string;
    readonly startMs: number;
    readonly boundBudgetMs: number;
  }
  | {
    readonly type: "compare";
    readonly jobId: string;
    readonly lots: readonly Lot[];
    readonly config: SchedulerConfig;
    readonly strategies: readonly string[];
    readonly startMs: number;
    readonly boundBudgetMs: number;
  }
  | {
    readonly type: "whatIf";
    readonly jobId: string;
    readonly lots: readonly Lot[];
    readonly config: SchedulerConfig;
    readonly strategy: string;
    readonly scenarios: readonly WhatIfScenario[];
    readonly budgetMs: number;
    readonly baseline: { readonly makespanHours: number; readonly cleans: number };
  }
  | {
    readonly type: "replan";
    readonly jobId: string;
    readonly parent: Schedule;
    readonly config: SchedulerConfig;
    readonly options: Omit<ReplanOptions, "registry" | "onProgress" | "signal">;
  }
  | {
    readonly type: "prices";
    readonly jobId: string;
    readonly lots: readonly Lot[];
    readonly config: SchedulerConfig;
    readonly budgetMs: number;
  };

/** Main → worker, while a job runs: end its search early and reply with its best result. */
export interface WorkerStop {
  readonly type: "stop";
  readonly jobId: string;
}

/** A progress report; comparisons add the strategy and the overall percent. */
export interface WorkerProgress extends ProgressUpdate {
  readonly strategy?: string;
  readonly overallPercent?: number;
}

/** Worker → main. */
export type WorkerReply =
  | { readonly type: "ready" }
  | { readonly type: "progress"; readonly jobId: string; readonly update: WorkerProgress }
  | {
    readonly type: "schedule";
    readonly jobId: string;
    /** The result as it is stored: encoded here, so the server's thread only writes it. */
    readonly columns: ScheduleResultColumns;
    /** The view's result part as JSON (`toResultView`), rendered here for its first readers. */
    readonly resultView: string;
    /** What the `completed` event announces. */
    readonly kpis: Kpis;
    readonly bound: Bound;
  }
  | { readonly type: "compare"; readonly jobId: string; readonly result: CompareResult }
  | { readonly type: "whatIf"; readonly jobId: string; readonly results: readonly WhatIfResult[] }
  | {
    readonly type: "replan";
    readonly jobId: string;
    readonly schedule: Schedule;
    readonly report: ReplanReport;
  }
  | {
    readonly type: "prices";
    readonly jobId: string;
    readonly certificate: PriceCertificate | null;
  }
  | {
    readonly type: "error";
    readonly jobId: string;
    readonly message: string;
    readonly issues: readonly Issue[];
  };

/**
 * Tests only: the engine process exhausts its memory on a job with a lot of this ID, as a runaway
 * job would. It is read from the engine process's environment; the API cannot reach it.
 */
export const EXHAUST_MEMORY_LOT_ENV = "FILLSCHED_TEST_EXHAUST_MEMORY_LOT";
