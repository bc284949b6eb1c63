import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type PoolListener, WorkerPool } from "../../src/server/services/worker_pool.ts";
import type { WorkerReply, WorkerRequest } from "../../src/server/worker_protocol.ts";

const CRASHING = {
  memoryMb: 128,
  entry: new URL("./_fixtures/crashing_worker.ts", import.meta.url),
};

function request(jobId: string): WorkerRequest {
  return {
    type: "schedule",
    jobId,
    lots: [],
    config: {} as WorkerRequest["config"],
    strategy: "x",
    startMs: 0,
    boundBudgetMs: 0,
  };
}

/** A pool on the fixture process and the events it reports, with a wait for the n-th. */
function recordingPool() {
  const events: string[] = [];
  let wake: () => void = () => {};
  const listener: PoolListener = {
    onReply: (m: WorkerReply) => {
      if (m.type !== "ready") events.push(`reply ${m.type} ${"jobId" in m ? m.jobId : ""}`);
      wake();
    },
    onCrash: (jobId, error) => {
      events.push(`crash ${jobId}: ${error}`);
      wake();
    },
  };
  const until = (n: number) =>
    new Promise<void>((resolve) => {
      wake = () => events.length >= n && resolve();
      wake();
    });
  return { pool: new WorkerPool(1, listener, CRASHING), events, until };
}

Deno.test("WorkerPool: a worker that crashes or exits fails its job and is replaced; size limits runs", async () => {
  const { pool, events, until } = recordingPool();
  try {
    assertEquals(pool.free(), 1);
    assert(pool.run(request("crash-1")));
    assertEquals(pool.free(), 0);
    assertEquals(pool.run(request("ok-0")), false);
    await until(1);
    assertEquals(events, ["crash crash-1: the job's worker stopped unexpectedly (exit code 1)"]);
    assertEquals(pool.spawned(), 0);
    assertEquals(pool.free(), 1);
    assert(pool.run(request("exit-1")));
    await until(2);
    assertEquals(events[1], "crash exit-1: the job's worker stopped unexpectedly (exit code 3)");
    assert(pool.run(request("ok-1")));
    await until(3);
    assertEquals(events[2], "reply error ok-1");
    assertEquals(pool.free(), 1);
    assertEquals(pool.spawned(), 1);
    assertEquals(pool.abort("nothing-running"), false);
  } finally {
    pool.close();
  }
  assertEquals(pool.free(), 0);
  assertEquals(pool.run(request("late")), false);
});

Deno.test("WorkerPool: a worker that hangs fails its job at the deadline and is replaced", async () => {
  const { pool, events, until } = recordingPool();
  try {
    assert(pool.run(request("hang-1"), 1000));
    await until(1);
    assertEquals(
      events[0],
      "crash hang-1: the job did not finish within 1 s; its worker was stopped",
    );
    assertEquals(pool.spawned(), 0);
    // A job that answers in time is not stopped by its deadline.
    assert(pool.run(request("ok-1"), 10_000));
    await until(2);
    assertEquals(events[1], "reply error ok-1");
    await new Promise((r) => setTimeout(r, 50));
    assertEquals(events.length, 2);
  } finally {
    pool.close();
  }
});
