import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { loadGlpk, mapMilpStatus, solveLp, solveMilp } from "../../../src/engine/milp/solve.ts";
import type { LinearModel } from "../../../src/engine/milp/linear_model.ts";

const near = (a: number, b: number) => assert(Math.abs(a - b) < 1e-7, `${a} vs ${b}`);

Deno.test("solveLp() returns the optimum, the constant and row duals", async () => {
  // min 2x + 3y s.t. x + y ≥ 4, x ≤ 3 → x = 3, y = 1, objective 9 (+10); dual of the cover row 3.
  const model: LinearModel = {
    name: "lp",
    sense: "min",
    objective: [{ name: "x", coef: 2 }, { name: "y", coef: 3 }],
    constant: 10,
    rows: [{ name: "cover", terms: [{ name: "x", coef: 1 }, { name: "y", coef: 1 }], lb: 4 }],
    bounds: [{ name: "x", lb: 0, ub: 3 }],
  };
  const res = await solveLp(model);
  assertEquals(res.status, "optimal");
  near(res.objective, 19);
  near(res.values.x!, 3);
  near(res.values.y!, 1);
  near(res.duals.cover!, 3);
  const bad = await solveLp({
    ...model,
    rows: [...model.rows, { name: "cap", terms: [{ name: "y", coef: 1 }], ub: 0 }],
  });
  assertEquals(bad.status, "infeasible");
});

Deno.test("solveMilp() solves to optimality, reports infeasibility and reads the log", async () => {
  // max 5a + 4b + 3c s.t. 2a + 3b + c ≤ 5 (binaries) → a = b = 1... 2+3=5 → 9; a + c → 8.
  const knap: LinearModel = {
    name: "knap",
    sense: "max",
    objective: [{ name: "a", coef: 5 }, { name: "b", coef: 4 }, { name: "c", coef: 3 }],
    rows: [{
      name: "w",
      terms: [{ name: "a", coef: 2 }, { name: "b", coef: 3 }, { name: "c", coef: 1 }],
      ub: 5,
    }],
    binaries: ["a", "b", "c"],
  };
  const lines: string[] = [];
  const res = await solveMilp(knap, { timeLimitSec: 10, onLog: (l) => lines.push(l) });
  assertEquals(res.status, "optimal");
  near(res.objective!, 9);
  assertEquals([res.values.a, res.values.b, res.values.c], [1, 1, 0]);
  assert(lines.length > 0, "GLPK's log reached onLog");
  const none = await solveMilp({
    ...knap,
    rows: [...knap.rows, { name: "min", terms: [{ name: "a", coef: 5 }], lb: 6 }],
  }, { timeLimitSec: 10 });
  assertEquals(none.status, "infeasible");
  assertEquals(none.objective, null);
  assert(none.definite && res.definite);
});

Deno.test("mapMilpStatus() maps every GLPK status", async () => {
  const g = await loadGlpk();
  assertEquals(mapMilpStatus(g, g.GLP_OPT, false), "optimal");
  assertEquals(mapMilpStatus(g, g.GLP_FEAS, false), "feasible");
  assertEquals(mapMilpStatus(g, g.GLP_FEAS, true), "time_limit");
  assertEquals(mapMilpStatus(g, g.GLP_NOFEAS, false), "infeasible");
  assertEquals(mapMilpStatus(g, g.GLP_UNDEF, true), "time_limit");
  assertEquals(mapMilpStatus(g, g.GLP_UNDEF, false), "infeasible");
  assertEquals(mapMilpStatus(g, g.GLP_INFEAS, false), "infeasible");
});
