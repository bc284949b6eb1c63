import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { repoPath, SEED_LOTS } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp } from "../_helpers/test_app.ts";
import { longJob } from "../_helpers/long_job.ts";
import { onSqlite } from "../_helpers/test_db.ts";
import { localPath } from "../../src/db/open.ts";

function backup(dbUrl: string, file: string): Promise<Deno.CommandOutput> {
  return new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "db:backup", file],
    cwd: repoPath("."),
    env: { FILLSCHED_DB_URL: dbUrl },
  }).output();
}

Deno.test({
  name: "db:backup copies the live database while a job runs; the copy restores",
  ignore: !onSqlite,
}, async () => {
  await using t = await startTestApp();
  const { client, token } = await t.signUp("backup@example.com");
  const csv = Deno.readTextFileSync(SEED_LOTS);
  const done = await client.schedule.create.mutate({ csv, strategy: "spt" });
  const finished = await pollUntil(() => client.schedule.get.query({ id: done.id }));
  const running = await client.schedule.create.mutate({ ...longJob(2) });
  const file = `${localPath(t.dbUrl)}.backup`;
  const out = await backup(t.dbUrl, file);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  // A second backup to the same file is refused rather than overwriting it.
  const again = await backup(t.dbUrl, file);
  assertEquals(again.code, 1);
  assert(new TextDecoder().decode(again.stderr).includes("exists"));
  await t.stop();

  // Restore: a server on the copy has the user, the finished schedule, and finishes the other.
  await using r = await startTestApp({ dbUrl: `file:${file}` });
  const restored = r.client(token);
  assertEquals((await restored.auth.me.query()).email, "backup@example.com");
  const got = await restored.schedule.get.query({ id: done.id });
  assertEquals(got.kpis, finished.kpis);
  const resumed = await pollUntil(() => restored.schedule.get.query({ id: running.id }));
  assertEquals(resumed.status, "completed");
  await Deno.remove(file).catch(() => {});
});

Deno.test({
  name: "db:backup of a Postgres database refuses and names pg_dump",
  ignore: onSqlite,
}, async () => {
  await using t = await startTestApp();
  const file = `${await Deno.makeTempDir({ prefix: "fillsched_backup_" })}/copy`;
  const out = await backup(t.dbUrl, file);
  assertEquals(out.code, 1);
  assert(new TextDecoder().decode(out.stderr).includes("pg_dump"));
  await Deno.remove(file.slice(0, file.lastIndexOf("/")), { recursive: true });
});
