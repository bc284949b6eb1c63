import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { SEED_LOTS } from "../_helpers/paths.ts";
import { startTestApp } from "../_helpers/test_app.ts";
import { collect, type Collected, liveClient, until } from "../_helpers/ws_client.ts";
import type { LiveEvent } from "../../src/server/routers/job_progress.ts";
import { wsAttachment } from "../../src/server/ws_server.ts";
import type { Kpis } from "../../src/engine/mod.ts";

/** KPIs as the live stream sends them: without the per-block breakdown. */
function summary(k: Kpis | null | undefined) {
  if (!k) return null;
  const { blocks: _blocks, ...rest } = k;
  return rest;
}

type Tracked = { id: string; data: LiveEvent };

Deno.test("200 subscribers on one job, each on its own socket, all receive completed", async () => {
  const n = 200;
  await using t = await startTestApp({ attach: [wsAttachment({ maxPerUser: n })] });
  const { token, client } = await t.signUp();
  const clients = Array.from({ length: n }, () => liveClient(t.url, token));
  try {
    const job = await client.schedule.create.mutate({ csv: await Deno.readTextFile(SEED_LOTS) });
    const subs: Collected<Tracked>[] = clients.map((c) =>
      collect<Tracked>((h) => c.trpc.schedule.progress.subscribe({ id: job.id }, h))
    );
    const ends = await Promise.all(subs.map((s) => s.ended));
    ok(ends.every((e) => e.ok), "every subscription ends normally");
    const finals = subs.map((s) => s.items.at(-1)?.data);
    ok(finals.every((f) => f?.type === "completed"), "every subscriber got completed");
    const stored = await client.schedule.get.query({ id: job.id });
    for (const f of finals) if (f?.type === "completed") assertEquals(f.kpis, summary(stored.kpis));
    // Everyone saw the same final event id.
    assertEquals(new Set(subs.map((s) => s.items.at(-1)?.id)).size, 1);
    await until(() => t.app.events.stats().jobListeners === 0, "every listener to be removed");
    const stats = t.app.events.live.snapshot();
    assertEquals(stats.connections, n);
    ok(stats.eventsSent["schedule.progress"]! >= n * 3);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});
