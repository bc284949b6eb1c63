import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import { memoryIo } from "../../src/cli/io.ts";
import { PROGRESS_DELAY_MS, ProgressLine } from "../../src/cli/progress_line.ts";

Deno.test("ProgressLine stays silent for runs under a second", () => {
  let t = 0;
  const io = memoryIo({}, { errIsTty: true, now: () => t });
  const p = new ProgressLine(io);
  t = PROGRESS_DELAY_MS - 1;
  p.update("working");
  p.done("finished");
  assertEquals(io.stderr, "");
});

Deno.test("ProgressLine redraws with \\r on a terminal, rate-limited, then ends the line", () => {
  let t = 0;
  const io = memoryIo({}, { errIsTty: true, now: () => t });
  const p = new ProgressLine(io);
  t = 1500;
  p.update("step 1");
  t = 1550;
  p.update("step 2"); // under 100 ms later: skipped
  t = 1700;
  p.update("step 3");
  t = 2000;
  p.done("finished");
  assertEquals(io.stderr.split("\r").filter(Boolean).map((s) => s.trim()), [
    "step 1 (1.5 s)",
    "step 3 (1.7 s)",
    "finished in 2.0 s",
  ]);
  assertMatch(io.stderr, /\n$/);
});

Deno.test("ProgressLine prints only a final line when stderr is not a terminal", () => {
  let t = 0;
  const io = memoryIo({}, { errIsTty: false, now: () => t });
  const p = new ProgressLine(io);
  t = 3000;
  p.update("working");
  assertEquals(io.stderr, "");
  p.done("finished");
  assertEquals(io.stderr, "finished in 3.0 s\n");
});
