import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok,
  throws,
} from "node:assert/strict";
import { SEED_LOTS } from "../_helpers/paths.ts";
import { startTestApp } from "../_helpers/test_app.ts";
import { parseWatchArgs, progressLine, watch } from "../../scripts/watch.ts";
import { wsAttachment } from "../../src/server/ws_server.ts";

function sink(tty = false) {
  const chunks: string[] = [];
  return { out: { tty, write: (t: string) => void chunks.push(t) }, text: () => chunks.join("") };
}

Deno.test("watch follows a schedule to its KPIs (token or email/password)", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, client } = await t.signUp("watcher@example.com");
  const csv = await Deno.readTextFile(SEED_LOTS);
  const job = await client.schedule.create.mutate({ csv, strategy: "smart-pack" });
  const a = sink();
  assertEquals(
    await watch(parseWatchArgs(["--id", job.id, "--url", t.url, "--token", token]), a.out),
    0,
  );
  const stored = await client.schedule.get.query({ id: job.id });
  const text = a.text();
  assertMatch(text, /^queued\nstarted\n/);
  ok(text.includes(`makespan     ${stored.kpis!.makespanHours.toFixed(2)} h`), text);
  assertMatch(text, /lower bound {2}\d+\.\d\d h/);

  const b = sink(true);
  const args = ["--id", job.id, "--url", `${t.url}/`, "--email", "watcher@example.com"];
  const code = await watch(parseWatchArgs([...args, "--password", "correct horse battery"]), b.out);
  assertEquals(code, 0);
  ok(b.text().includes("\r\x1b[2K["), "a TTY gets the bar redrawn in place");
});

Deno.test("watch follows a comparison with per-strategy and overall progress", async () => {
  await using t = await startTestApp({ attach: [wsAttachment()] });
  const { token, client } = await t.signUp();
  const csv = await Deno.readTextFile(SEED_LOTS);
  const cmp = await client.compare.create.mutate({ csv, strategies: ["smart-pack"] });
  const s = sink();
  const opts = parseWatchArgs(["--id", cmp.id, "--compare", "--url", t.url], {
    FILLSCHED_TOKEN: token,
  });
  assertEquals(await watch(opts, s.out), 0);
  assertMatch(s.text(), /smart-pack \d+% /);
  assertMatch(s.text(), /completed\n {2}makespan/);
});

Deno.test("watch exits 1 on a refused connection, a bad token and an unknown job", async () => {
  await using t = await startTestApp({ attach: [wsAttachment({ maxPerUser: 0 })] });
  const { token } = await t.signUp();
  const refused = sink();
  assertEquals(
    await watch(parseWatchArgs(["--id", "x", "--url", t.url, "--token", token]), refused.out),
    1,
  );
  assertMatch(refused.text(), /4429: too many connections/);

  await using t2 = await startTestApp({ attach: [wsAttachment()] });
  const u = await t2.signUp();
  const bad = sink();
  assertEquals(
    await watch(parseWatchArgs(["--id", "x", "--url", t2.url, "--token", "nope"]), bad.out),
    1,
  );
  assertMatch(bad.text(), /UNAUTHORIZED/);
  const unknown = sink();
  assertEquals(
    await watch(parseWatchArgs(["--id", "x", "--url", t2.url, "--token", u.token]), unknown.out),
    1,
  );
  assertMatch(unknown.text(), /no schedule with id x \(NOT_FOUND\)/);
});

Deno.test("watch's arguments and progress line", () => {
  throws(() => parseWatchArgs([]), /--id is required/);
  throws(() => parseWatchArgs(["--id", "1"]), /--token/);
  throws(() => parseWatchArgs(["--id", "1", "--email", "a@b.c"]), /go together/);
  throws(() => parseWatchArgs(["--id", "1", "--bogus"]), /usage:/);
  const o = parseWatchArgs(["--id", "1"], { FILLSCHED_TOKEN: "t", FILLSCHED_URL: "http://h:1/" });
  assertEquals([o.url, o.token, o.compare], ["http://h:1", "t", false]);
  const line = progressLine({
    type: "progress",
    phase: "improving",
    percent: 50,
    elapsedMs: 10,
    etaMs: 2500,
    incumbentHours: 497.16,
    gapPct: 1.5,
    message: "searching",
    jobId: "j",
    at: "",
  }, 10);
  assertEquals(
    line,
    "[#####.....]  50.0%  improving  incumbent 497.16 h  gap 1.50%  eta 2.5 s  searching",
  );
});

Deno.test("watch --help prints the usage and exits 0", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "scripts/watch.ts", "--help"],
    cwd: new URL("../../", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (out.code !== 0) throw new Error(`exit ${out.code}`);
  if (!text.includes("--id ID") || !text.includes("--compare")) throw new Error(text);
});
