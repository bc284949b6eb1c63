/**
 * A real full disk: the database on a small tmpfs that a filler file fills. Writes are refused
 * with SERVICE_UNAVAILABLE (nothing saved), reads and the server go on, and writes work again once
 * space returns. Mounting needs privileges; without them the test is ignored (the injected
 * dialect fault in faults_test.ts covers the same answers).
 */
import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { TRPCClientError } from "@trpc/client";
import { benchPath } from "../_helpers/paths.ts";
import { pollUntil } from "../_helpers/poll.ts";
import { startTestApp } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(benchPath("public/uniform_n500_t4.csv"));

function run(cmd: string, args: string[]): boolean {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

/** A fresh tmpfs of `size`, or null where mounting is not permitted. */
function mountTmpfs(size: string): string | null {
  const dir = Deno.makeTempDirSync({ prefix: "fillsched_tmpfs_" });
  if (run("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir])) return dir;
  Deno.removeSync(dir);
  return null;
}

const probe = mountTmpfs("1m");
if (probe) {
  run("umount", [probe]);
  Deno.removeSync(probe);
}

Deno.test({
  name: "faults: a really full disk (tmpfs) refuses writes clearly; reads go on; writes recover",
  ignore: probe === null,
  fn: async () => {
    const mnt = mountTmpfs("8m")!;
    try {
      await using t = await startTestApp({ dbUrl: `file:${mnt}/full.db` });
      const { client } = await t.signUp();
      const first = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
      assertEquals(
        (await pollUntil(() => client.schedule.get.query({ id: first.id }))).status,
        "completed",
      );
      // Fill what is left.
      const filler = await Deno.open(`${mnt}/filler`, { write: true, create: true });
      try {
        for (const chunk = new Uint8Array(64 * 1024);;) await filler.write(chunk);
      } catch {
        /* the disk is full */
      } finally {
        filler.close();
      }
      // SQLite may reuse free pages for a while; within a few writes the disk is what stops it.
      let refused: TRPCClientError<never> | null = null;
      for (let i = 0; i < 50 && !refused; i++) {
        try {
          await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
        } catch (e) {
          if (!(e instanceof TRPCClientError)) throw e;
          refused = e as TRPCClientError<never>;
        }
      }
      assert(refused, "no write was refused on a full disk");
      const data = refused.data as { code?: string; issues?: { code?: string }[] } | undefined;
      assertEquals(data?.code, "SERVICE_UNAVAILABLE", refused.message);
      assertEquals(data?.issues?.[0]?.code, "STORAGE_FULL");
      assert(/disk full or read-only/.test(refused.message), refused.message);
      assertEquals((await t.client().health.query()).status, "ok");
      assertEquals((await client.schedule.get.query({ id: first.id })).status, "completed");
      // Space returns: writes work again, and a job runs to its stored result.
      await Deno.remove(`${mnt}/filler`);
      const after = await client.schedule.create.mutate({ csv: CSV, strategy: "spt" });
      const done = await pollUntil(() => client.schedule.get.query({ id: after.id }));
      assertEquals(done.status, "completed");
    } finally {
      run("umount", ["-l", mnt]);
      await Deno.remove(mnt, { recursive: true }).catch(() => {});
    }
  },
});
