import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { repoPath } from "../_helpers/paths.ts";

const MAIN = repoPath("src/server/main.ts");
const PERMS = [
  "--allow-net",
  "--allow-env",
  "--allow-read",
  "--allow-write",
  "--allow-ffi",
  "--allow-sys",
  // esbuild runs as a child process when the web bundle needs building.
  "--allow-run",
];

async function readUntil(reader: ReadableStreamDefaultReader<string>, re: RegExp): Promise<string> {
  let text = "";
  while (!re.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before ${re}: ${text}`);
    text += value;
  }
  return text;
}

Deno.test("main: serves on the configured port and shuts down cleanly on SIGTERM", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMS, MAIN],
      env: { FILLSCHED_PORT: "0", FILLSCHED_DB_URL: `file:${dir}/db/x.db`, FILLSCHED_WORKERS: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const text = await readUntil(out, /listening on (http:\/\/[\d.:]+)/);
    const url = /listening on (http:\/\/[\d.:]+)/.exec(text)![1]!;
    const res = await fetch(`${url}/trpc/health`);
    const body = await res.json();
    assertEquals(body.result.data.json.status, "ok");
    child.kill("SIGTERM");
    await readUntil(out, /shutting down/);
    const drain = (async () => {
      while (!(await out.read()).done) { /* until the process closes stdout */ }
    })();
    const [status, stderr] = await Promise.all([
      child.status,
      new Response(child.stderr).text(),
      drain,
    ]);
    assertEquals(status.code, 0, stderr);
    // No secret was given: one was generated beside the database, with a warning.
    assert(stderr.includes("FILLSCHED_JWT_SECRET is not set"), stderr);
    assertEquals(Deno.statSync(`${dir}/db/x.db.jwt-secret`).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main: production refuses to start without FILLSCHED_JWT_SECRET", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...PERMS, MAIN],
      env: {
        FILLSCHED_ENV: "production",
        FILLSCHED_PORT: "0",
        FILLSCHED_DB_URL: `file:${dir}/x.db`,
      },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 1);
    assert(new TextDecoder().decode(out.stderr).includes("FILLSCHED_JWT_SECRET must be set"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
