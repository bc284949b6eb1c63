/** Storage faults, damaged records and jobs that bring the server down: clear errors, no loss. */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createClient } from "@libsql/client";
import { DbFaults } from "../../src/db/faults.ts";
import { DEFAULT_CONFIG } from "../../src/engine/mod.ts";
import { MAX_ATTEMPTS } from "../../src/db/jobs.ts";
import { openDb } from "../../src/db/open.ts";
import { SEED_LOTS } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { onSqlite } from "../_helpers/test_db.ts";
import { startTestApp, trpcError } from "../_helpers/test_app.ts";
import { longJob } from "../_helpers/long_job.ts";
import { insertJobRow } from "../_helpers/ws_client.ts";
import { EXHAUST_MEMORY_LOT_ENV } from "../../src/server/worker_protocol.ts";

const CSV = Deno.readTextFileSync(SEED_LOTS);

Deno.test("faults: a full or read-only database answers SERVICE_UNAVAILABLE; reads go on; writes recover", async () => {
  const faults = new DbFaults();
  await using t = await startTestApp({ config: { dbFaults: faults } });
  const { client } = await t.signUp();
  const first = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
  await pollUntil(() => client.schedule.get.query({ id: first.id }));
  // A job that finishes during the outage is stored once space returns.
  const running = await client.schedule.create.mutate({ ...longJob(1) });
  // Started before the outage: its start is a write too.
  await pollUntil(() => client.schedule.get.query({ id: running.id }), {
    until: (s) => s.status !== "queued",
  });
  for (const code of ["SQLITE_FULL", "SQLITE_READONLY"] as const) {
    faults.writes = code;
    const e = await trpcError(
      () => client.schedule.create.mutate({ csv: CSV, strategy: "spt" }),
      "SERVICE_UNAVAILABLE",
    );
    assertEquals(e.data?.issues?.[0]?.code, "STORAGE_FULL");
    assert(/disk full or read-only/.test(e.message), e.message);
    assert((e.data?.retryAfterSec ?? 0) > 0);
    // Reads still work while writes fail.
    assertEquals((await client.schedule.get.query({ id: first.id })).status, "completed");
    assertEquals((await t.client().health.query()).status, "ok");
  }
  await new Promise((r) => setTimeout(r, 2500));
  assertEquals((await client.schedule.get.query({ id: running.id })).status, "running");
  faults.writes = null;
  assertEquals(
    (await pollUntil(() => client.schedule.get.query({ id: running.id }))).status,
    "completed",
  );
  const after = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
  assertEquals(
    (await pollUntil(() => client.schedule.get.query({ id: after.id }))).status,
    "completed",
  );
});

Deno.test({
  name: "faults: a busy libSQL file is retried with back-off until the lock is released",
  ignore: !onSqlite,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "fillsched_busy_" });
  const url = `file:${dir}/busy.db`;
  const db = await openDb({ url, busyTimeoutMs: 20 });
  const holder = createClient({ url });
  try {
    const tx = await holder.transaction("write");
    await tx.execute(
      "insert into users (id, email, password_hash, role, created_at) values ('h', 'h@x', 'x', 'user', 'now')",
    );
    const release = new Promise<void>((resolve) =>
      setTimeout(() => tx.commit().then(() => resolve()), 300)
    );
    // SQLite gives up after 20 ms; the retries wait for the holder to commit.
    await db.insertInto("users").values({
      id: "w",
      email: "w@x",
      password_hash: "x",
      role: "user",
      default_template_id: null,
      created_at: "now",
    }).execute();
    await release;
    const n = await db.selectFrom("users").select("id").execute();
    assertEquals(n.map((r) => r.id).sort(), ["h", "w"]);
  } finally {
    holder.close();
    await db.destroy();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("faults: a damaged stored row fails that record alone, with a code; the list still answers", async () => {
  await using t = await startTestApp();
  const { client } = await t.signUp();
  const good = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
  const bad = await client.schedule.create.mutate({ csv: CSV, strategy: "lpt" });
  await pollUntil(() => client.schedule.get.query({ id: good.id }));
  await pollUntil(() => client.schedule.get.query({ id: bad.id }));
  // Damaged as a write would leave it: its last change moves, so no view kept from before answers.
  await t.app.db.updateTable("schedules")
    .set({ kpis_json: "{not json", config_json: "[]", updated_at: new Date().toISOString() })
    .where("id", "=", bad.id).execute();
  const { items, total } = await client.schedule.list.query({});
  assertEquals(total, 2);
  const damaged = items.find((s) => s.id === bad.id);
  assert(damaged?.error?.includes("damaged"), JSON.stringify(damaged));
  assert(items.find((s) => s.id === good.id)?.kpis !== null);
  const e = await trpcError(
    () => client.schedule.get.query({ id: bad.id }),
    "INTERNAL_SERVER_ERROR",
  );
  assertEquals(e.data?.issues?.[0]?.code, "CORRUPT_RECORD");
  assertEquals((await client.schedule.get.query({ id: good.id })).status, "completed");
});

Deno.test("faults: a job that was running when the server died too often is failed, not retried", async () => {
  const t = await startTestApp();
  const { userId, token } = await t.signUp();
  const poison = await insertJobRow(t.app, userId, "running", {
    attempts: MAX_ATTEMPTS,
    config_json: JSON.stringify(DEFAULT_CONFIG),
  });
  const retried = await insertJobRow(t.app, userId, "running", {
    attempts: 1,
    strategy: "spt-pack",
    lot_count: 1,
    lots_json: JSON.stringify([{ id: "A", type: "t", vials: 1000 }]),
    config_json: JSON.stringify(DEFAULT_CONFIG),
  });
  await t.stop();
  await using again = await startTestApp({ dbUrl: t.dbUrl });
  const c = again.client(token);
  const p = await c.schedule.get.query({ id: poison });
  assertEquals(p.status, "failed");
  assert(p.error?.includes(`stopped ${MAX_ATTEMPTS} times`), p.error ?? "");
  const r = await pollUntil(() => c.schedule.get.query({ id: retried }));
  assertEquals(r.status, "completed");
  await again.stop();
  await t.removeDb();
});

Deno.test("faults: a job that runs out of memory fails with a clear error; the server goes on and the next job completes", async () => {
  // The engine process exhausts its heap on a job holding this lot (a hook read from its env).
  const lot = `OOM-${crypto.randomUUID()}`;
  Deno.env.set(EXHAUST_MEMORY_LOT_ENV, lot);
  try {
    await using t = await startTestApp({ config: { workers: 1, workerMemoryMb: 96 } });
    const { client } = await t.signUp();
    const doomed = await client.schedule.create.mutate({
      csv: `${CSV.trimEnd()}\n${lot},VialE,100000\n`,
      strategy: "spt",
    });
    const failed = await pollUntil(() => client.schedule.get.query({ id: doomed.id }));
    assertEquals(failed.status, "failed");
    assert(
      /ran out of memory \(a job may use 96 MiB\)/.test(failed.error ?? ""),
      failed.error ?? "",
    );
    assertEquals((await t.client().health.query()).status, "ok");
    const next = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
    const done = await pollUntil(() => client.schedule.get.query({ id: next.id }));
    assertEquals(done.status, "completed");
    assert(done.validation && done.validation.errors.length === 0);
  } finally {
    Deno.env.delete(EXHAUST_MEMORY_LOT_ENV);
  }
});
