import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { parseMipLog, solveInWorker } from "../../../src/engine/milp/run_worker.ts";
import type { MilpSpec } from "../../../src/engine/milp/worker_protocol.ts";
import { packingForm } from "../../../src/engine/packing/mod.ts";
import { tinyInstance } from "../../_helpers/brute_force.ts";

Deno.test("parseMipLog() reads incumbent and bound from GLPK's progress lines", () => {
  assertEquals(
    parseMipLog("+  1234: mip =   5.000000000e+02 >=   4.900000000e+02   2.0% (12; 0)"),
    { incumbent: 500, bound: 490 },
  );
  assertEquals(
    parseMipLog("+   567: >>>>>   4.960000000e+02 >=   4.920000000e+02   0.8% (3; 1)"),
    { incumbent: 496, bound: 492 },
  );
  assertEquals(parseMipLog("+    17: mip =     not found yet >=   4.1e+02        (1; 0)"), {
    bound: 410,
  });
  assertEquals(
    parseMipLog("+    55: mip =   4.760000000e+02 >=     tree is empty   0.0% (0; 43)"),
    {
      incumbent: 476,
    },
  );
  assertEquals(parseMipLog("*     0: obj =  -0.000000000e+00 inf =   0.000e+00 (40)"), null);
});

const model = (): MilpSpec => {
  const { lots, config } = tinyInstance(5, 8);
  return { kind: "compact", form: packingForm(lots, config), options: { blocks: 8 } };
};

Deno.test("solveInWorker() builds and solves in a worker, passing the log on", async () => {
  const lines: string[] = [];
  const out = await solveInWorker(model(), {
    timeLimitSec: 20,
    mipGap: 0,
    onLog: (l) => lines.push(l),
  });
  assertEquals(out.kind, "solved");
  if (out.kind === "solved") {
    assertEquals(out.result.status, "optimal");
    // The solution comes back as blocks covering every lot once.
    assertEquals(out.result.blocks.flat().length, tinyInstance(5, 8).lots.length);
  }
  assert(lines.length > 0);
});

Deno.test("solveInWorker() kills the worker at the hard limit and on abort", async () => {
  const t0 = performance.now();
  const late = await solveInWorker(model(), { timeLimitSec: 0.001, mipGap: 0, graceMs: 0 });
  assertEquals(late, { kind: "killed", reason: "time_limit" });
  const ac = new AbortController();
  const pending = solveInWorker(model(), { timeLimitSec: 20, mipGap: 0, signal: ac.signal });
  ac.abort();
  assertEquals(await pending, { kind: "killed", reason: "aborted" });
  assertEquals(
    await solveInWorker(model(), { timeLimitSec: 20, mipGap: 0, signal: ac.signal }),
    { kind: "killed", reason: "aborted" },
  );
  assert(performance.now() - t0 < 20_000);
});
