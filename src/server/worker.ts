/**
 * The engine process: runs one engine job at a time, reading requests from stdin and writing
 * progress and results to stdout (`worker_frames.ts`). It is a process of its own, not a Worker,
 * so that a job that runs out of memory ends this process alone, and it runs at a lower CPU
 * priority, so that the server's thread answers requests first.
 */
import {
  compareStrategies,
  InputError,
  type Lot,
  priceCertificate,
  rateLimited,
  replanSchedule,
  runSchedule,
  whatIf,
} from "../engine/mod.ts";
import { getPriority, setPriority } from "node:os";
import { scheduleResultColumns, toResultView } from "../db/codec/schedules.ts";
import { encodeFrame, FrameReader } from "./worker_frames.ts";
import {
  EXHAUST_MEMORY_LOT_ENV,
  type WorkerProgress,
  type WorkerReply,
  type WorkerRequest,
  type WorkerStop,
} from "./worker_protocol.ts";

/** Spacing of progress messages to the main thread, ms (it publishes at most every 100 ms). */
const PROGRESS_MIN_MS = 50;

/** Stop switches of the jobs this worker is running, by job id. */
const stops = new Map<string, AbortController>();

/** Ends a running job's search early (its reply then carries the best result so far). */
export function stopJob(m: WorkerStop): boolean {
  const stop = stops.get(m.jobId);
  stop?.abort();
  return stop !== undefined;
}

/** Runs one request, reporting through `post`. */
export async function handle(req: WorkerRequest, post: (m: WorkerReply) => void): Promise<void> {
  const jobId = req.jobId;
  const stop = new AbortController();
  stops.set(jobId, stop);
  // Solvers may report every iteration; the main thread needs far fewer messages than that.
  const progress = rateLimited(
    (update: WorkerProgress) => post({ type: "progress", jobId, update }),
    PROGRESS_MIN_MS,
  );
  try {
    if (req.type === "schedule") {
      const schedule = await runSchedule(req.lots, req.config, {
        strategy: req.strategy,
        startMs: req.startMs,
        boundBudgetMs: req.boundBudgetMs,
        stop: stop.signal,
        onProgress: progress.emit,
      });
      progress.flush();
      // Encoded here, not on the server's thread: a 500-lot result is ~100 kB of JSON.
      const columns = scheduleResultColumns(schedule);
      // Rendered from the columns as a reader would decode them, so the kept view is the same.
      const resultView = JSON.stringify(toResultView(columns, req.startMs, req.config.timeZone));
      const { kpis, bound } = schedule;
      post({ type: "schedule", jobId, columns, resultView, kpis, bound });
    } else if (req.type === "replan") {
      const { schedule, report } = await replanSchedule(req.parent, req.config, req.options);
      post({ type: "replan", jobId, schedule, report });
    } else if (req.type === "prices") {
      const certificate = await priceCertificate(req.lots, req.config, req.budgetMs);
      post({ type: "prices", jobId, certificate });
    } else if (req.type === "whatIf") {
      const results = await whatIf(req.lots, req.config, req.scenarios, {
        strategy: req.strategy,
        budgetMs: req.budgetMs,
        baseline: req.baseline,
      });
      post({ type: "whatIf", jobId, results });
    } else {
      const result = await compareStrategies(req.lots, req.config, {
        strategies: req.strategies,
        startMs: req.startMs,
        boundBudgetMs: req.boundBudgetMs,
        stop: stop.signal,
        onProgress: ({ run: _r, runs: _n, ...update }) => progress.emit(update),
      });
      progress.flush();
      post({ type: "compare", jobId, result });
    }
  } catch (e) {
    progress.flush();
    post({
      type: "error",
      jobId,
      message: e instanceof Error ? e.message : String(e),
      issues: e instanceof InputError ? [...e.issues] : [],
    });
  } finally {
    stops.delete(jobId);
  }
}

/** Nice steps below the server: its thread wins the CPU whenever both want it. */
const ENGINE_NICE_STEPS = 10;

function exhaustMemory(): never {
  const hoard: number[][] = [];
  for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, i) => i + hoard.length));
}

/** Writes a whole frame to stdout; exits if the server is gone (nobody to answer). */
function send(m: WorkerReply): void {
  const bytes = encodeFrame(m);
  try {
    for (let at = 0; at < bytes.length;) at += Deno.stdout.writeSync(bytes.subarray(at));
  } catch {
    Deno.exit(1);
  }
}

async function serve(): Promise<void> {
  const parent = Deno.ppid;
  const orphaned = () => Deno.ppid !== parent;
  // A server killed with -9 cannot stop its engine processes: they notice and stop themselves.
  setInterval(() => orphaned() && Deno.exit(1), 1000);
  try {
    setPriority(Math.min(19, getPriority() + ENGINE_NICE_STEPS));
  } catch { /* not permitted here: run at the server's priority */ }
  // Stdout carries the frames; anything a library prints goes to stderr instead.
  console.log = console.info = console.debug = console.error;
  const exhaustLot = Deno.env.get(EXHAUST_MEMORY_LOT_ENV);
  const post = (m: WorkerReply) => {
    if (orphaned()) Deno.exit(1);
    send(m);
  };
  const reader = new FrameReader();
  post({ type: "ready" });
  // Requests are not awaited: searches yield now and then, so a stop is read while its job runs
  // (the pool sends a process one job at a time).
  for await (const chunk of Deno.stdin.readable) {
    for (const m of reader.push(chunk) as (WorkerRequest | WorkerStop)[]) {
      if (m.type === "stop") stopJob(m);
      else if (exhaustLot && lotsOf(m).some((l) => l.id === exhaustLot)) exhaustMemory();
      else void handle(m, post);
    }
  }
  // Stdin closed: the server has let this process go.
  Deno.exit(0);
}

/** The lots a request plans. */
function lotsOf(m: WorkerRequest): readonly Lot[] {
  return m.type === "replan" ? m.parent.plan.flat() : m.lots;
}

if (import.meta.main) await serve();
