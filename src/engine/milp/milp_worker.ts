/**
 * Worker entry: builds and solves one MILP with glpk.js off the caller's thread, so a server
 * stays responsive and the caller can stop it at any point by ending the worker. Receives a
 * MilpRequest; posts {kind:"log", line} while GLPK logs, then {kind:"result", result} (the
 * solution as blocks) or {kind:"error", message}.
 */
import { solveMilp } from "./solve.ts";
import { buildSpec } from "./spec.ts";
import type { MilpRequest, WorkerReply } from "./worker_protocol.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<MilpRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
};

/** Share of the time left after the build kept back for reading and posting the solution. */
const REPLY_SHARE = 0.1;
const REPLY_MIN_SEC = 0.02;

scope.onmessage = async (event) => {
  const { spec, deadlineEpochMs, mipGap } = event.data;
  try {
    const { model, decode } = buildSpec(spec);
    const left = (deadlineEpochMs - Date.now()) / 1000;
    const { values, ...result } = await solveMilp(model, {
      timeLimitSec: Math.max(0.001, left * (1 - REPLY_SHARE) - REPLY_MIN_SEC),
      mipGap,
      onLog: (line) => scope.postMessage({ kind: "log", line }),
    });
    scope.postMessage({ kind: "result", result: { ...result, blocks: decode(values) } });
  } catch (err) {
    scope.postMessage({ kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
