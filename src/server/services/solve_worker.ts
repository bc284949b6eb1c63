/**
 * One-off solves outside the job queue (explanations, what-ifs, re-plans): each runs in an engine
 * process of its own, so the server keeps answering, and is ended after its time budget whatever
 * happens; a user's solves run one after another.
 */
import { TRPCError } from "@trpc/server";
import type { App } from "../app.ts";
import { badRequest } from "../errors.ts";
import type { WorkerReply, WorkerRequest } from "../worker_protocol.ts";
import { EngineProcess } from "./engine_process.ts";

/** Extra time a worker gets beyond its budget (start-up, the last bound step). */
export const WORKER_GRACE_MS = 10_000;

/** A user's solves waiting or running: they run one after another, so one client cannot fill the
 * machine; past this many waiting, more are refused. */
const MAX_QUEUED_PER_USER = 3;
const queues = new Map<string, { tail: Promise<unknown>; size: number }>();

/** Runs `work` after the owner's earlier solves (at most a few wait). */
export function oneAtATime<T>(ownerId: string, work: () => Promise<T>): Promise<T> {
  const q = queues.get(ownerId) ?? { tail: Promise.resolve(), size: 0 };
  if (q.size >= MAX_QUEUED_PER_USER) {
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message:
        `${q.size} explanations, what-ifs or re-plans of yours are waiting; try again when they have finished`,
    });
  }
  q.size++;
  queues.set(ownerId, q);
  const run = q.tail.then(work, work);
  q.tail = run.catch(() => {}).finally(() => {
    if (--q.size === 0 && queues.get(ownerId) === q) queues.delete(ownerId);
  });
  return run;
}

/** Runs one request in an engine process of its own and answers its reply; ends it after `limitMs`. */
export function inWorker(app: App, req: WorkerRequest, limitMs: number): Promise<WorkerReply> {
  return new Promise<WorkerReply>((resolve, reject) => {
    const worker = new EngineProcess({ memoryMb: app.config.workerMemoryMb }, (m) => {
      if (m.type === "ready" || m.type === "progress") return;
      finish();
      if (m.type !== "error") return resolve(m);
      // Input problems are the caller's to fix; anything else is ours and stays unexplained.
      if (!m.issues.length) {
        return reject(
          new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "the computation failed" }),
        );
      }
      try {
        badRequest(m.message, m.issues);
      } catch (err) {
        reject(err);
      }
    }, (reason) => {
      finish();
      app.config.logger.warn("a one-off solve's engine process ended", { reason });
      reject(new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "the computation failed" }));
    });
    const timer = setTimeout(() => {
      finish();
      reject(
        new TRPCError({ code: "TIMEOUT", message: "the computation ran past its time budget" }),
      );
    }, limitMs);
    const finish = () => {
      clearTimeout(timer);
      worker.kill();
    };
    worker.send(req);
  });
}
