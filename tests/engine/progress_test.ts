import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type ProgressUpdate, rateLimited } from "../../src/engine/progress.ts";

Deno.test("rateLimited() passes at most one update per interval and flushes the last held", () => {
  let t = 0;
  const seen: string[] = [];
  const { emit, flush } = rateLimited((u) => seen.push(u.message), 100, () => t);
  const up = (message: string, phase: ProgressUpdate["phase"] = "constructing") =>
    emit({ phase, message });
  up("a"); // first always passes
  t = 50;
  up("b"); // held
  up("c"); // replaces b
  t = 60;
  up("d", "improving"); // a phase change passes at once
  t = 100;
  up("e"); // phase change again
  t = 120;
  up("f"); // held
  t = 200;
  up("g"); // 100 ms after e: passes
  flush(); // nothing held
  t = 210;
  up("h");
  flush();
  assertEquals(seen, ["a", "d", "e", "g", "h"]);
});

Deno.test("rateLimited() uses performance.now by default", () => {
  const seen: number[] = [];
  const { emit, flush } = rateLimited((u) => seen.push(u.percent ?? -1));
  emit({ phase: "solving", message: "", percent: 1 });
  emit({ phase: "solving", message: "", percent: 2 });
  flush();
  assertEquals(seen, [1, 2]);
});
