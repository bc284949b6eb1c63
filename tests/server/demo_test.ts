import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { runDemo } from "../../scripts/demo.ts";
import { repoPath } from "../_helpers/paths.ts";
import { startTestApp } from "../_helpers/test_app.ts";

const CSV = Deno.readTextFileSync(repoPath("examples/lots.csv"));

Deno.test("demo: registers, then logs in, schedules, waits and prints KPIs and the bound", async () => {
  await using t = await startTestApp();
  const lines: string[] = [];
  const r1 = await runDemo({ url: t.url, csv: CSV, print: (l) => lines.push(l), pollMs: 20 });
  assertEquals(r1.status, "completed");
  assert(r1.makespanHours! >= r1.lowerBoundHours! - 1e-9);
  assert(lines.some((l) => l.startsWith("registered demo@example.com")));
  assert(lines.some((l) => l.startsWith("makespan")));
  assert(lines.some((l) => l.startsWith("lower bound")));
  const again: string[] = [];
  const r2 = await runDemo({ url: t.url, csv: CSV, print: (l) => again.push(l), pollMs: 20 });
  assert(again.some((l) => l.startsWith("logged in as demo@example.com")));
  assertEquals(r2.makespanHours, r1.makespanHours);
  assert(r2.id !== r1.id);
});

Deno.test("demo: a server that is not there gives a clear error", async () => {
  await rejects(
    () => runDemo({ url: "http://127.0.0.1:9", csv: CSV, print: () => {} }),
    /cannot reach http:\/\/127\.0\.0\.1:9/,
  );
});
