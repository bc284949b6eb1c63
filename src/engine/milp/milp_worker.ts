/**
 * Worker entry: solves one MILP with glpk.js off the caller's thread, so a server stays
 * responsive. Receives {model, timeLimitSec, mipGap}; posts {kind:"log", line} while GLPK
 * logs, then {kind:"result", result} or {kind:"error", message}.
 */
import { solveMilp } from "./solve.ts";
import type { MilpRequest, WorkerReply } from "./worker_protocol.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<MilpRequest>) => void) | null;
  postMessage(message: WorkerReply): void;
};

scope.onmessage = async (event) => {
  const { model, timeLimitSec, mipGap } = event.data;
  try {
    const result = await solveMilp(model, {
      timeLimitSec,
      mipGap,
      onLog: (line) => scope.postMessage({ kind: "log", line }),
    });
    scope.postMessage({ kind: "result", result });
  } catch (err) {
    scope.postMessage({ kind: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
