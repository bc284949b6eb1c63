import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { JobEvents, type JobRef } from "../../src/server/services/job_events.ts";
import { streamJob } from "../../src/server/services/job_stream.ts";
import type { JobEventEnvelope } from "../../src/server/services/job_events.ts";

const job: JobRef = { id: "j1", kind: "schedule", ownerId: "u1" };
const ref = { jobId: job.id, kind: job.kind, ownerId: job.ownerId };

function progress(percent: number, strategy?: string) {
  return {
    type: "progress" as const,
    phase: "improving" as const,
    percent,
    elapsedMs: percent,
    message: `at ${percent}%`,
    ...(strategy === undefined ? {} : { strategy }),
  };
}

async function collect(it: AsyncGenerator<JobEventEnvelope>): Promise<JobEventEnvelope[]> {
  const out: JobEventEnvelope[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const noRow = () => Promise.resolve(null);

Deno.test("streamJob() replays then follows live events up to the terminal one", async () => {
  const bus = new JobEvents();
  bus.publish(job, { type: "queued" });
  bus.publish(job, { type: "started" });
  const it = streamJob(bus, { jobId: job.id, stored: noRow, ref, lastEventId: "0" });
  const first = await it.next();
  assertEquals(first.value?.event.type, "queued");
  bus.publish(job, progress(10));
  bus.publish(job, progress(90));
  bus.publish(job, { type: "completed", kpis: null, bound: null });
  bus.publish(job, progress(99)); // after the end: never delivered
  const rest = await collect(it);
  assertEquals(rest.map((e) => e.id), ["2", "3", "4", "5"]);
  assertEquals(rest.at(-1)?.event.type, "completed");
  assertEquals(bus.stats().jobListeners, 0);
});

Deno.test("streamJob() gives a late subscriber the current state only", async () => {
  const bus = new JobEvents();
  bus.publish(job, { type: "queued" });
  bus.publish(job, { type: "started" });
  bus.publish(job, progress(10, "a"));
  bus.publish(job, progress(20, "b"));
  bus.publish(job, progress(30, "a"));
  bus.publish(job, { type: "cancelled" });
  const got = await collect(streamJob(bus, { jobId: job.id, stored: noRow, ref }));
  assertEquals(got.map((e) => e.id), ["1", "2", "4", "5", "6"]);
});

Deno.test("streamJob() resumes after lastEventId and ends at once when nothing is left", async () => {
  const bus = new JobEvents();
  bus.publish(job, { type: "queued" });
  bus.publish(job, progress(10));
  bus.publish(job, { type: "failed", error: "boom" });
  const after1 = await collect(
    streamJob(bus, { jobId: job.id, stored: noRow, ref, lastEventId: "1" }),
  );
  assertEquals(after1.map((e) => e.id), ["2", "3"]);
  const none = await collect(
    streamJob(bus, { jobId: job.id, stored: noRow, ref, lastEventId: "3" }),
  );
  assertEquals(none, []);
  // An id this bus never issued (from before a restart) gets the current state.
  const stale = await collect(
    streamJob(bus, { jobId: job.id, stored: noRow, ref, lastEventId: "99" }),
  );
  assertEquals(stale.map((e) => e.event.type), ["queued", "progress", "failed"]);
});

Deno.test("streamJob() synthesizes from the stored row when the bus has no history", async () => {
  const bus = new JobEvents();
  const done = await collect(
    streamJob(bus, {
      jobId: job.id,
      ref,
      lastEventId: "41",
      stored: () => Promise.resolve({ type: "completed", kpis: null, bound: null }),
    }),
  );
  assertEquals(done.map((e) => [e.id, e.event.type]), [["42", "completed"]]);

  const it = streamJob(bus, {
    jobId: job.id,
    ref,
    stored: () => Promise.resolve({ type: "queued" }),
  });
  assertEquals((await it.next()).value?.id, "0");
  bus.publish(job, { type: "started" });
  bus.publish(job, { type: "cancelled" });
  const rest = await collect(it);
  assertEquals(rest.map((e) => e.event.type), ["started", "cancelled"]);
});

Deno.test("streamJob() ends when its signal aborts and unsubscribes", async () => {
  const bus = new JobEvents();
  bus.publish(job, { type: "queued" });
  const ac = new AbortController();
  const it = streamJob(bus, { jobId: job.id, stored: noRow, ref, signal: ac.signal });
  assertEquals((await it.next()).value?.event.type, "queued");
  const pending = it.next();
  ac.abort();
  assertEquals((await pending).done, true);
  assertEquals(bus.stats().jobListeners, 0);
});

Deno.test("JobEvents keeps per-job history, isolates a throwing listener, forgets on request", () => {
  const bus = new JobEvents();
  const got: string[] = [];
  bus.subscribe(job.id, () => {
    throw new Error("broken listener");
  });
  bus.subscribeOwner(job.ownerId, (e) => got.push(e.env.event.type));
  bus.publish(job, { type: "queued" });
  bus.publish(job, progress(5));
  bus.publish(job, { type: "cancelled" });
  assertEquals(got, ["queued", "cancelled"]); // owners get status changes only
  assertEquals(bus.history(job.id).map((e) => e.id), ["1", "2", "3"]);
  assertEquals(bus.history(job.id, "2").map((e) => e.id), ["3"]);
  assertEquals(bus.size(job.id), 3);
  assertEquals(bus.stats().eventsDelivered, 5);
  bus.forget(job.id);
  assertEquals([bus.size(job.id), bus.history(job.id).length], [0, 0]);
});

Deno.test("JobEvents drops a finished job's history after the retention; the row then serves", async () => {
  let now = 0;
  const bus = new JobEvents({ retainFinishedMs: 1000, now: () => now });
  const other: JobRef = { id: "j2", kind: "schedule", ownerId: "u1" };
  bus.publish(job, { type: "queued" });
  bus.publish(job, { type: "completed", kpis: null, bound: null });
  now = 999;
  bus.publish(other, { type: "cancelled" });
  assertEquals(bus.size(job.id), 2); // not yet old enough
  now = 2100;
  bus.publish({ ...other, id: "j3" }, { type: "failed", error: "x" });
  assertEquals([bus.size(job.id), bus.size(other.id), bus.size("j3")], [0, 0, 1]);
  // A resubscriber now gets the final state from the stored row, with an id after its own.
  const got = await collect(streamJob(bus, {
    jobId: job.id,
    ref,
    lastEventId: "1",
    stored: () => Promise.resolve({ type: "completed", kpis: null, bound: null }),
  }));
  assertEquals(got.map((e) => [e.id, e.event.type]), [["2", "completed"]]);
});
