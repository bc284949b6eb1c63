import { ok as assert } from "node:assert/strict";
import {
  type MasterColumn,
  MasterSimplex,
  surplusKey,
} from "../../../src/engine/bounds/master_simplex.ts";
import { solveLp } from "../../../src/engine/milp/solve.ts";
import { budgetOf } from "../../../src/engine/budget.ts";

/** A random covering master: singletons, then `extra` random columns of 2–4 rows. */
function randomMaster(seed: number, rows: number, extra: number) {
  let x = seed;
  const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
  const rhs = Array.from({ length: rows }, () => 1 + Math.floor(rnd() * 3));
  const surplusCost = Array.from({ length: rows }, () => 0.2 + rnd());
  const singles: MasterColumn[] = rhs.map((_, i) => ({
    key: `s${i}`,
    rows: [i],
    coefs: [1],
    cost: 1,
  }));
  const more: MasterColumn[] = Array.from({ length: extra }, (_, j) => {
    const used = new Set<number>();
    const k = 2 + Math.floor(rnd() * 3);
    while (used.size < Math.min(k, rows)) used.add(Math.floor(rnd() * rows));
    const list = [...used].sort((a, b) => a - b);
    return {
      key: `c${j}`,
      rows: list,
      coefs: list.map(() => 1 + Math.floor(rnd() * 2)),
      cost: 1 + rnd() * 0.5,
    };
  });
  return { rhs, surplusCost, singles, more };
}

/** The same LP by GLPK: its optimal value. */
async function glpkValue(
  rhs: readonly number[],
  surplusCost: readonly number[],
  columns: readonly MasterColumn[],
): Promise<number> {
  const rows = rhs.map((b, i) => ({
    name: `r${i}`,
    terms: [{ name: `y${i}`, coef: -1 }] as { name: string; coef: number }[],
    lb: b,
    ub: b,
  }));
  columns.forEach((c, j) =>
    c.rows.forEach((i, k) => rows[i]!.terms.push({ name: `x${j}`, coef: c.coefs[k]! }))
  );
  const objective = [
    ...columns.map((c, j) => ({ name: `x${j}`, coef: c.cost })),
    ...surplusCost.map((c, i) => ({ name: `y${i}`, coef: c })),
  ];
  const lp = await solveLp({ name: "m", sense: "min", objective, rows });
  assert(lp.status === "optimal");
  return lp.objective;
}

/** Checks a solution: its value is GLPK's, and its duals price every column at ≥ 0 (optimal). */
function check(
  sol: ReturnType<MasterSimplex["solve"]>,
  rhs: readonly number[],
  surplusCost: readonly number[],
  columns: readonly MasterColumn[],
  want: number,
  what: string,
) {
  assert(sol.status === "optimal", what);
  let primal = 0;
  columns.forEach((c, j) => primal += c.cost * sol.values[j]!);
  let dual = 0;
  rhs.forEach((b, i) => dual += b * sol.duals[i]!);
  // Surpluses are not reported: the dual value is the LP's value at an optimum.
  assert(Math.abs(dual - want) < 1e-6 * Math.max(1, want), `${what}: ${dual} vs ${want}`);
  assert(primal <= want + 1e-6 * Math.max(1, want), `${what}: primal ${primal}`);
  for (const c of columns) {
    let d = c.cost;
    c.rows.forEach((i, k) => d -= sol.duals[i]! * c.coefs[k]!);
    assert(d > -1e-7, `${what}: column ${c.key} prices at ${d}`);
  }
  surplusCost.forEach((s, i) => assert(s + sol.duals[i]! > -1e-7, `${what}: surplus ${i}`));
  // Every row covered.
  const cover = rhs.map(() => 0);
  columns.forEach((c, j) =>
    c.rows.forEach((i, k) => cover[i] = cover[i]! + c.coefs[k]! * sol.values[j]!)
  );
  cover.forEach((v, i) => assert(v >= rhs[i]! - 1e-7, `${what}: row ${i} short`));
}

Deno.test("MasterSimplex solves covering masters as GLPK does, warm from its last basis", async () => {
  for (let seed = 1; seed <= 25; seed++) {
    const rows = 4 + (seed % 9);
    const { rhs, surplusCost, singles, more } = randomMaster(seed, rows, 6 * rows);
    const simplex = new MasterSimplex(rhs, surplusCost, (i) => `s${i}`);
    // Columns arrive in three rounds, as column generation adds them.
    let columns = [...singles];
    for (const part of [0, 1, 2]) {
      columns = [...columns, ...more.slice(part * 2 * rows, (part + 1) * 2 * rows)];
      const sol = simplex.solve(columns, budgetOf(10_000));
      check(
        sol,
        rhs,
        surplusCost,
        columns,
        await glpkValue(rhs, surplusCost, columns),
        `seed ${seed}`,
      );
    }
    // A purge drops columns (basic ones among them): it starts again and is still exact.
    const kept = [...singles, ...more.filter((_, j) => j % 3 === 0)];
    const sol = simplex.solve(kept, budgetOf(10_000));
    check(
      sol,
      rhs,
      surplusCost,
      kept,
      await glpkValue(rhs, surplusCost, kept),
      `seed ${seed} purged`,
    );
  }
});

Deno.test("MasterSimplex.start(): a usable basis is kept, an infeasible or singular one dropped", async () => {
  for (let seed = 30; seed <= 45; seed++) {
    const rows = 5 + (seed % 5);
    const { rhs, surplusCost, singles, more } = randomMaster(seed, rows, 5 * rows);
    const columns = [...singles, ...more];
    const want = await glpkValue(rhs, surplusCost, columns);
    // All surpluses: infeasible (they cover nothing). The same column twice: singular.
    const bases = [
      rhs.map((_, i) => surplusKey(i)),
      rhs.map(() => "c0"),
      rhs.map((_, i) => (i === 0 ? "c1" : `s${i}`)),
    ];
    for (const keys of bases) {
      const simplex = new MasterSimplex(rhs, surplusCost, (i) => `s${i}`);
      simplex.start(keys);
      check(
        simplex.solve(columns, budgetOf(10_000)),
        rhs,
        surplusCost,
        columns,
        want,
        `seed ${seed}`,
      );
    }
  }
});

Deno.test("MasterSimplex stops with status time_limit when its budget is spent", () => {
  const { rhs, surplusCost, singles, more } = randomMaster(3, 10, 60);
  const simplex = new MasterSimplex(rhs, surplusCost, (i) => `s${i}`);
  const sol = simplex.solve([...singles, ...more], { now: () => 1, end: 0 });
  assert(sol.status === "time_limit");
});
