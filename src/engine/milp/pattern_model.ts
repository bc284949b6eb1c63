/**
 * The pattern MILP (set partitioning over block patterns), as plain data.
 *
 * Variables: n_p = how many blocks hold pattern p (integer). Rows: Σ_p q_gp n_p = m_g for every
 * lot group g, and optionally makespan ≤ cutoff. Objective: Σ_p c_p n_p, c_p the block's cost,
 * written as base + Σ_p (u + e·types_p) n_p (in lattice steps when there is a lattice).
 * Its LP relaxation is the column-generation bound, far stronger than the compact model's.
 *
 * Exactness comes from the patterns given: with LP-optimal duals π (value z = π·m), every
 * schedule's makespan is z + Σ (reduced costs of its blocks), each ≥ 0, so a schedule of makespan
 * ≤ cutoff uses only patterns with reduced cost ≤ cutoff − z. Enumerating those (pricing.ts)
 * makes this MILP exact for the question "is there a schedule ≤ cutoff?".
 */
import type { LinearModel, Term } from "./linear_model.ts";
import type { GroupBlocks, PackingForm } from "../packing/mod.ts";
import { objectiveUnit } from "./model.ts";

/** Lots of each group in a pattern, as [group, count] pairs. */
function counts(pattern: readonly number[]): [number, number][] {
  const m = new Map<number, number>();
  for (const g of pattern) m.set(g, (m.get(g) ?? 0) + 1);
  return [...m.entries()];
}

/** The makespan contribution of one block holding `pattern` (group indices, one per lot). */
export function patternCost(pattern: readonly number[], form: PackingForm): number {
  let cost = form.blockCost;
  for (const g of pattern) cost += form.groups[g]!.size;
  return cost + form.setup * new Set(pattern.map((g) => form.groups[g]!.type)).size;
}

/** The set-partitioning MILP over `patterns`. */
export function buildPatternModel(
  form: PackingForm,
  patterns: readonly (readonly number[])[],
  opts: { cutoffHours?: number } = {},
): LinearModel {
  const rows = form.groups.map((g, i) => ({
    name: `cover_${i}`,
    terms: [] as Term[],
    lb: g.lots.length,
    ub: g.lots.length,
  }));
  const integers: string[] = [];
  // The lots' sizes add up to `base` in every partition: only u + e·types is left to choose.
  const { unit, inUnits } = objectiveUnit(form);
  const bounds: { name: string; lb: number; ub: number }[] = [];
  const objective = patterns.map((p, j) => {
    const name = `n_${j}`;
    let most = Infinity;
    for (const [g, k] of counts(p)) {
      rows[g]!.terms.push({ name, coef: k });
      most = Math.min(most, Math.floor(form.groups[g]!.lots.length / k));
    }
    integers.push(name);
    bounds.push({ name, lb: 0, ub: most });
    const types = new Set(p.map((g) => form.groups[g]!.type)).size;
    return { name, coef: inUnits(form.blockCost + form.setup * types) };
  });
  const all = [...rows] as LinearModel["rows"][number][];
  if (opts.cutoffHours !== undefined) {
    all.push({
      name: "bound_cutoff",
      terms: objective.filter((t) => t.coef !== 0),
      ub: (opts.cutoffHours - form.base) / unit,
    });
  }
  return {
    name: "fill_patterns",
    sense: "min",
    objective,
    constant: form.base,
    unit,
    rows: all,
    bounds,
    integers,
  };
}

/** Reads blocks from a pattern MILP solution. */
export function decodePatterns(
  patterns: readonly (readonly number[])[],
  values: Readonly<Record<string, number>>,
): GroupBlocks {
  const out: GroupBlocks = [];
  patterns.forEach((p, j) => {
    const n = Math.round(values[`n_${j}`] ?? 0);
    for (let k = 0; k < n; k++) out.push([...p]);
  });
  return out;
}
