/**
 * The compact MILP of the packing form (packing/form.ts), as plain data.
 *
 * Data: lot groups g (m_g identical lots of size a_g and type t(g)), block slots b = 0..B−1.
 * Variables:
 *   x_g_b  lots of group g in block b (integer 0..m_g; binary when m_g = 1)
 *   z_t_b  1 when block b holds type t
 *   y_b    1 when block b is used
 * Constraints:
 *   cover   Σ_b x_gb = m_g                                   every lot once
 *   cap     Σ_g a_g x_gb + e Σ_t z_tb ≤ (W + D)·y_b           the window (changeovers included)
 *   link    x_gb ≤ min(m_g, ⌊cap/a_g⌋)·z_t(g)b, and Σ_{g of t} a_g x_gb ≤ (W + D − e)·z_tb
 *   typeuse z_tb ≤ y_b;  nonempty y_b ≤ Σ_g x_gb;  order y_b ≥ y_{b+1}
 *   symmetry: with lots sorted (largest first) and blocks numbered by their first lot, lot k sits
 *   in a block ≤ k, so group g (lots f..f+m_g−1) stays in blocks ≤ f + m_g − 1, and lot 0 in 0.
 *   counts  Σ_b y_b ≥ B_min and Σ_b z_tb ≥ b_t (the continuous bound's block counts)
 *   bound   lowerBound ≤ makespan ≤ cutoff (optional rows on the objective)
 * Objective: makespan = base + u·Σ y + e·Σ z (base is the model's constant), in lattice steps
 * when there is a lattice (see objectiveUnit).
 */
import type { LinearModel, Row, Term } from "./linear_model.ts";
import { ceilCount, type GroupBlocks, type PackingForm } from "../packing/mod.ts";

export interface MilpModelOptions {
  /** Block slots; must be at least the blocks of some optimal schedule. */
  readonly blocks: number;
  /** Known lower bound on the makespan (hours), added as a row. */
  readonly lowerBoundHours?: number;
  /** Only schedules with makespan ≤ this are wanted (hours), added as a row. */
  readonly cutoffHours?: number;
}

const xName = (g: number, b: number) => `x_${g}_${b}`;
const zName = (t: number, b: number) => `z_${t}_${b}`;
const yName = (b: number) => `y_${b}`;

/**
 * The symmetry cut's last slot of each group (see the header), and the order of groups it
 * follows (largest lots first).
 */
function slotLimits(form: PackingForm, blocks: number) {
  const order = form.groups.map((_, g) => g).sort((p, q) =>
    form.groups[q]!.size - form.groups[p]!.size || p - q
  );
  const lastBlock = new Array<number>(form.groups.length);
  let first = 0;
  for (const g of order) {
    const m = form.groups[g]!.lots.length;
    lastBlock[g] = Math.min(blocks - 1, first + m - 1);
    first += m;
  }
  return { order, lastBlock };
}

/**
 * Non-zero coefficients of the model with `blocks` slots, counted without building it: each
 * x in its cover, link, capacity, type-capacity and non-empty rows, each z and y in ~4 rows.
 */
export function milpModelSize(form: PackingForm, blocks: number): number {
  const B = Math.max(1, blocks);
  const { lastBlock } = slotLimits(form, B);
  let xs = 0;
  for (const last of lastBlock) xs += last + 1;
  return 5 * xs + 4 * B * (form.types.length + 1);
}

/** The MILP of `form` with `opts.blocks` block slots. */
export function buildMilpModel(form: PackingForm, opts: MilpModelOptions): LinearModel {
  const B = Math.max(1, opts.blocks);
  const T = form.types.length;
  const cap = form.capacity;
  const e = form.setup;
  const rows: Row[] = [];
  const bounds: { name: string; lb?: number; ub?: number }[] = [];
  const binaries: string[] = [];
  const integers: string[] = [];
  // Where each group's lots start in the largest-first order of all lots.
  const { order, lastBlock } = slotLimits(form, B);
  const has = (g: number, b: number) => b <= lastBlock[g]!;
  for (let b = 0; b < B; b++) {
    binaries.push(yName(b));
    for (let t = 0; t < T; t++) binaries.push(zName(t, b));
  }
  form.groups.forEach((group, g) => {
    const m = group.lots.length;
    const cover: Term[] = [];
    for (let b = 0; b < B && has(g, b); b++) {
      const x = xName(g, b);
      if (m === 1) binaries.push(x);
      else {
        integers.push(x);
        bounds.push({ name: x, lb: 0, ub: m });
      }
      cover.push({ name: x, coef: 1 });
      const most = Math.min(m, Math.floor((cap + 1e-9) / group.size));
      rows.push({
        name: `link_${g}_${b}`,
        terms: [{ name: x, coef: 1 }, { name: zName(group.type, b), coef: -most }],
        ub: 0,
      });
    }
    rows.push({ name: `cover_${g}`, terms: cover, lb: m, ub: m });
  });
  rows.push({ name: "first", terms: [{ name: xName(order[0]!, 0), coef: 1 }], lb: 1 });
  const typeMin = new Array<number>(T).fill(0);
  const typeSize = new Array<number>(T).fill(0);
  for (const g of form.groups) typeSize[g.type]! += g.size * g.lots.length;
  for (let t = 0; t < T; t++) typeMin[t] = Math.max(1, ceilCount(typeSize[t]! / (cap - e)));
  const blocksMin = Math.max(
    1,
    ceilCount((form.base + e * typeMin.reduce((s, v) => s + v, 0)) / cap),
  );
  for (let b = 0; b < B; b++) {
    const capTerms: Term[] = [];
    const any: Term[] = [];
    form.groups.forEach((group, g) => {
      if (!has(g, b)) return;
      capTerms.push({ name: xName(g, b), coef: group.size });
      any.push({ name: xName(g, b), coef: 1 });
    });
    for (let t = 0; t < T; t++) {
      capTerms.push({ name: zName(t, b), coef: e });
      const typeTerms: Term[] = [{ name: zName(t, b), coef: -(cap - e) }];
      form.groups.forEach((group, g) => {
        if (group.type === t && has(g, b)) typeTerms.push({ name: xName(g, b), coef: group.size });
      });
      rows.push({ name: `tcap_${t}_${b}`, terms: typeTerms, ub: 0 });
      rows.push({
        name: `use_${t}_${b}`,
        terms: [{ name: zName(t, b), coef: 1 }, { name: yName(b), coef: -1 }],
        ub: 0,
      });
    }
    capTerms.push({ name: yName(b), coef: -cap });
    rows.push({ name: `cap_${b}`, terms: capTerms, ub: 1e-9 });
    rows.push({ name: `nonempty_${b}`, terms: [{ name: yName(b), coef: 1 }, ...neg(any)], ub: 0 });
    if (b + 1 < B) {
      rows.push({
        name: `order_${b}`,
        terms: [{ name: yName(b), coef: 1 }, { name: yName(b + 1), coef: -1 }],
        lb: 0,
      });
    }
  }
  const ys = range(B).map((b) => ({ name: yName(b), coef: 1 }));
  rows.push({ name: "blocks_min", terms: ys, lb: Math.min(B, blocksMin) });
  for (let t = 0; t < T; t++) {
    rows.push({
      name: `types_min_${t}`,
      terms: range(B).map((b) => ({ name: zName(t, b), coef: 1 })),
      lb: Math.min(B, typeMin[t]!),
    });
  }
  const { unit, inUnits } = objectiveUnit(form);
  const objective: Term[] = [
    ...range(B).map((b) => ({ name: yName(b), coef: inUnits(form.blockCost) })),
    ...range(B).flatMap((b) => range(T).map((t) => ({ name: zName(t, b), coef: inUnits(e) }))),
  ];
  const objRow = objective.filter((t) => t.coef !== 0);
  if (objRow.length && opts.lowerBoundHours !== undefined) {
    rows.push({ name: "bound_low", terms: objRow, lb: (opts.lowerBoundHours - form.base) / unit });
  }
  if (objRow.length && opts.cutoffHours !== undefined) {
    rows.push({ name: "bound_cutoff", terms: objRow, ub: (opts.cutoffHours - form.base) / unit });
  }
  return {
    name: "fill_blocks",
    sense: "min",
    objective,
    constant: form.base,
    unit,
    rows,
    bounds,
    binaries,
    integers,
  };
}

/**
 * The objective's unit: one lattice step when makespans lie on a lattice (then every
 * coefficient is a whole number, which lets GLPK round its bounds up), else one hour.
 */
export function objectiveUnit(form: PackingForm): { unit: number; inUnits: (h: number) => number } {
  const unit = form.lattice > 0 ? form.lattice : 1;
  return {
    unit,
    inUnits: (h: number) => form.lattice > 0 ? Math.round(h / unit) : h,
  };
}

/** Reads blocks (group indices, one per lot) from a MILP solution; empty blocks are dropped. */
export function decodeBlocks(
  form: PackingForm,
  blocks: number,
  values: Readonly<Record<string, number>>,
): GroupBlocks {
  const out: GroupBlocks = [];
  for (let b = 0; b < blocks; b++) {
    const block: number[] = [];
    form.groups.forEach((_, g) => {
      const k = Math.round(values[xName(g, b)] ?? 0);
      for (let i = 0; i < k; i++) block.push(g);
    });
    if (block.length) out.push(block);
  }
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function neg(terms: readonly Term[]): Term[] {
  return terms.map((t) => ({ name: t.name, coef: -t.coef }));
}
