import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { repoPath, SEED_LOTS } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp } from "../_helpers/test_app.ts";
import { longJob } from "../_helpers/long_job.ts";

Deno.test("db:backup copies the live database while a job runs; the copy restores", async () => {
  await using t = await startTestApp();
  const { client, token } = await t.signUp("backup@example.com");
  const csv = Deno.readTextFileSync(SEED_LOTS);
  const done = await client.schedule.create.mutate({ csv, strategy: "spt" });
  const finished = await pollUntil(() => client.schedule.get.query({ id: done.id }));
  const running = await client.schedule.create.mutate({ ...longJob(2) });
  const file = `${t.dbPath}.backup`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "db:backup", file],
    cwd: repoPath("."),
    env: { FILLSCHED_DB_URL: `file:${t.dbPath}` },
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  // A second backup to the same file is refused rather than overwriting it.
  const again = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "db:backup", file],
    cwd: repoPath("."),
    env: { FILLSCHED_DB_URL: `file:${t.dbPath}` },
  }).output();
  assertEquals(again.code, 1);
  assert(new TextDecoder().decode(again.stderr).includes("exists"));
  await t.stop();

  // Restore: a server on the copy has the user, the finished schedule, and finishes the other.
  await using r = await startTestApp({ dbPath: file });
  const restored = r.client(token);
  assertEquals((await restored.auth.me.query()).email, "backup@example.com");
  const got = await restored.schedule.get.query({ id: done.id });
  assertEquals(got.kpis, finished.kpis);
  const resumed = await pollUntil(() => restored.schedule.get.query({ id: running.id }));
  assertEquals(resumed.status, "completed");
  await Deno.remove(file).catch(() => {});
});
