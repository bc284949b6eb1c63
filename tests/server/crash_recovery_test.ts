/**
 * kill -9 with 20 jobs queued and running: after a restart on the same database every job
 * completes, none is lost, none stays running, none that had finished runs again, and each
 * result equals what the engine computes for its input.
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { openDb } from "../../src/db/open.ts";
import { createTestDb } from "../_helpers/test_db.ts";
import { parseLotsCsv, runSchedule } from "../../src/engine/mod.ts";
import { benchPath } from "../_helpers/paths.ts";
import { httpClient, serveProcess } from "../_helpers/server_process.ts";

const FILES = [
  "public/uniform_n100_t4.csv",
  "public/bimodal_n100_t4.csv",
  "public/skewed_n100_t10.csv",
];
const STRATEGIES = ["spt-pack", "lpt-pack", "cfs-pack", "smart-pack", "hybrid-pack"];
const START = "2026-01-05T06:00:00Z";

function serve(dbUrl: string) {
  return serveProcess({
    FILLSCHED_DB_URL: dbUrl,
    FILLSCHED_WORKERS: "2",
    FILLSCHED_MAX_JOBS_PER_USER: "2",
    FILLSCHED_JWT_SECRET: "crash-test-secret-0123456789",
  });
}

Deno.test("crash: kill -9 with 20 jobs queued and running loses none and reruns none that finished", async () => {
  await using target = await createTestDb();
  {
    const first = serve(target.url);
    const url1 = await first.url;
    const { token } = await httpClient(url1).auth.register.mutate({
      email: "crash@example.com",
      password: "correct horse battery",
    });
    const api = httpClient(url1, token);
    const jobs: { id: string; csv: string; strategy: string; long: boolean }[] = [];
    for (let i = 0; i < 20; i++) {
      // Every fourth job is a time-limited opt-pack run that keeps a worker busy for a while.
      const long = i % 4 === 1;
      const csv = Deno.readTextFileSync(
        benchPath(long ? "public/uniform_n200_t4.csv" : FILES[i % 3]!),
      );
      const strategy = long ? "opt-pack" : STRATEGIES[i % STRATEGIES.length]!;
      const config = long ? { strategyOptions: { "opt-pack": { timeLimitSec: 2 } } } : {};
      const { id } = await api.schedule.create.mutate({ csv, strategy, config, startTime: START });
      jobs.push({ id, csv, strategy, long });
    }
    // Kill once some jobs are done and others are running or queued.
    for (;;) {
      const { items } = await api.schedule.list.query({ pageSize: 100 });
      const done = items.filter((s) => s.status === "completed").length;
      const running = items.filter((s) => s.status === "running").length;
      if (done >= 1 && running >= 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    first.child.kill("SIGKILL");
    await first.child.status;
    await first.drained.catch(() => {});
    const db = await openDb({ url: target.url, migrate: false });
    const before = await db.selectFrom("schedules").select(["id", "status", "finished_at"])
      .execute();
    await db.destroy();
    const finishedBefore = new Map(
      before.filter((r) => r.status === "completed").map((r) => [r.id, r.finished_at]),
    );
    const unfinished = before.filter((r) => r.status === "queued" || r.status === "running");
    assert(finishedBefore.size >= 1 && unfinished.length >= 1, JSON.stringify(before));

    const second = serve(target.url);
    const url2 = await second.url;
    try {
      const api2 = httpClient(url2, token);
      let items = (await api2.schedule.list.query({ pageSize: 100 })).items;
      while (items.some((s) => s.status === "queued" || s.status === "running")) {
        await new Promise((r) => setTimeout(r, 100));
        items = (await api2.schedule.list.query({ pageSize: 100 })).items;
      }
      assertEquals(items.length, 20);
      assertEquals(items.filter((s) => s.status !== "completed").map((s) => s.error), []);
      for (const j of jobs) {
        const s = await api2.schedule.get.query({ id: j.id });
        assert(s.validation && s.validation.errors.length === 0, j.id);
        if (finishedBefore.has(j.id)) assertEquals(s.finishedAt, finishedBefore.get(j.id), j.id);
        if (j.long) continue;
        const { lots } = parseLotsCsv(j.csv);
        const want = await runSchedule(lots, s.config, {
          strategy: j.strategy,
          startMs: Date.parse(START),
          boundBudgetMs: 0,
        });
        assertEquals(s.kpis?.makespanHours, want.kpis.makespanHours, `${j.id} ${j.strategy}`);
        assertEquals(s.plan, want.plan.map((b) => b.map((l) => l.id)), `${j.id} ${j.strategy}`);
      }
    } finally {
      second.child.kill("SIGTERM");
      await second.child.status;
      await second.drained.catch(() => {});
    }
  }
});
