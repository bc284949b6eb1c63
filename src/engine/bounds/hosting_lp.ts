/**
 * The hosting LP: the large-lots bound (large_lots.ts) with the rooms of large lots shared out
 * between types. Blocks are large lots' blocks (one large lot each, L in all) or blocks without
 * one (S). For each type t and its L2 threshold k_t, t's lots in [k_t, R/2] (J3, volume V3_t)
 * fit only (a) the room its own J2 lots' blocks leave (R2_t), less what other types' lots and
 * setups take there, (b) t's share of the blocks without a large lot, (c) the rooms of other
 * types' large lots, less a setup per block they join. The LP over those volumes and counts
 * (variables below), with T = Σ b_t ≥ B = L + S, b_t ≥ L2_t, B ≥ L2 and the continuous
 * inequality, gives a bound on blockCost·B + setup·T: each row holds for every schedule with
 * the variables read off it, so the LP's minimum is at most the optimum's cost.
 *
 * Variables (all ≥ 0): S; T; per type b_t (blocks holding t), s_t (blocks without a large
 * lot holding t), v_t (t's J3 volume in them); per pair t ≠ c and J ∈ {J1, J2} of c: n (c's
 * J blocks holding t's J3 lots), h (that volume).
 * Only with setup > 0, blockCost ≥ 0 and few types (the LP has 4 variables per pair).
 */
import type { LineConfig, Lot } from "../model.ts";
import type { LinearModel, Row, Term } from "../milp/linear_model.ts";
import { glpkLoaded, solveLp } from "../milp/solve.ts";
import { commonStep, lotSize, packingTerms } from "../packing/mod.ts";
import { FIT_TOL, largeLotsOf } from "./large_lots.ts";

/** Most types for the LP (4 variables per ordered pair of types). */
export const HOSTING_MAX_TYPES = 24;
/**
 * Time the LP needs, ms: glpk.js loads once (75–200 ms measured), then the LP (at most a few
 * hundred rows) solves in a few ms, plus sorting the lots.
 */
export function hostingLpMs(lots: number): number {
  return (glpkLoaded() ? 30 : 200) + lots * 4e-3;
}

/** Relative tolerance taken off the LP's value before rounding up (the simplex's accuracy). */
const LP_TOL = 1e-7;

/** One type's lots split at its L2 threshold. */
interface TypeRooms {
  readonly bins: number;
  readonly large: number;
  /** Rooms (R − size) of J1 and J2 lots, their sums, the largest of each and counts. */
  readonly r1: number;
  readonly r2: number;
  readonly max1: number;
  readonly max2: number;
  readonly n1: number;
  readonly n2: number;
  /** Volume of the J3 lots. */
  readonly v3: number;
}

function roomsOf(sizes: number[], room: number): TypeRooms {
  const cap = room + FIT_TOL;
  const l2 = largeLotsOf(Float64Array.from(sizes), room);
  const k = l2.threshold;
  let r1 = 0, r2 = 0, max1 = 0, max2 = 0, n1 = 0, n2 = 0, v3 = 0;
  for (const x of sizes) {
    if (x > cap / 2) {
      // J1: too large for any J3 lot; J2: the other large lots.
      if (x > cap - k) [r1, max1, n1] = [r1 + cap - x, Math.max(max1, cap - x), n1 + 1];
      else [r2, max2, n2] = [r2 + cap - x, Math.max(max2, cap - x), n2 + 1];
    } else if (x >= k) v3 += x;
  }
  return { bins: l2.bins, large: l2.large, r1, r2, max1, max2, n1, n2, v3 };
}

/** The LP (as a model), or null when it does not apply. Costs are in the model's objective. */
export function hostingModel(lots: readonly Lot[], config: LineConfig): LinearModel | null {
  const terms = packingTerms(config);
  const { setup: e, blockCost: u } = terms;
  if (!lots.length || e <= 0 || u < 0) return null;
  const room = config.windowHours + terms.perLot;
  const cap = room + FIT_TOL;
  const byType = new Map<string, number[]>();
  let total = 0;
  for (const lot of lots) {
    const x = lotSize(lot, config);
    total += x;
    const list = byType.get(lot.type);
    if (list) list.push(x);
    else byType.set(lot.type, [x]);
  }
  if (byType.size < 2 || byType.size > HOSTING_MAX_TYPES) return null;
  const types = [...byType.values()].map((sizes) => roomsOf(sizes, room));
  const overall = largeLotsOf(Float64Array.from(lots, (l) => lotSize(l, config)), room);
  const L = overall.large;
  if (L === 0) return null;
  const rows: Row[] = [];
  const row = (name: string, list: Term[], bounds: { lb?: number; ub?: number }) =>
    rows.push({ name, terms: list, ...bounds });
  const t_ = (name: string, coef: number): Term => ({ name, coef });
  const K = types.length;
  const pairs: [number, number][] = [];
  for (let t = 0; t < K; t++) for (let c = 0; c < K; c++) if (t !== c) pairs.push([t, c]);
  const n = (j: 1 | 2, t: number, c: number) => `n${j}_${t}_${c}`;
  const h = (j: 1 | 2, t: number, c: number) => `h${j}_${t}_${c}`;
  types.forEach((ty, t) => {
    // (a)–(c): V3_t ≤ R2_t − Σ_c (h2[c→t] + e·n2[c→t]) + v_t + Σ_c (h1[t→c] + h2[t→c]).
    const list: Term[] = [t_(`v${t}`, 1)];
    for (let c = 0; c < K; c++) {
      if (c === t) continue;
      list.push(t_(h(2, c, t), -1), t_(n(2, c, t), -e), t_(h(1, t, c), 1), t_(h(2, t, c), 1));
    }
    row(`need${t}`, list, { lb: ty.v3 - ty.r2 });
    row(`small${t}`, [t_(`v${t}`, 1), t_(`s${t}`, -cap)], { ub: 0 });
    row(`within${t}`, [t_(`s${t}`, 1), t_("S", -1)], { ub: 0 });
    // b_t: t's own large lots' blocks, the blocks it joins, its blocks without a large lot.
    const holds: Term[] = [t_(`b${t}`, 1), t_(`s${t}`, -1)];
    for (let c = 0; c < K; c++) if (c !== t) holds.push(t_(n(1, t, c), -1), t_(n(2, t, c), -1));
    row(`holds${t}`, holds, { lb: ty.large });
    // Rooms of t's J1 and J2 blocks given to other types, with a setup for each block joined.
    for (const j of [1, 2] as const) {
      const given: Term[] = [];
      for (let c = 0; c < K; c++) if (c !== t) given.push(t_(h(j, c, t), 1), t_(n(j, c, t), e));
      row(`rooms${j}_${t}`, given, { ub: j === 1 ? ty.r1 : ty.r2 });
    }
  });
  for (const [t, c] of pairs) {
    const ty = types[c]!;
    // One block of c takes at most its largest room less a setup; c has n1 (n2) such blocks.
    row(`fits1_${t}_${c}`, [t_(h(1, t, c), 1), t_(n(1, t, c), -Math.max(0, ty.max1 - e))], {
      ub: 0,
    });
    row(`fits2_${t}_${c}`, [t_(h(2, t, c), 1), t_(n(2, t, c), -Math.max(0, ty.max2 - e))], {
      ub: 0,
    });
  }
  // Blocks without a large lot: their lots and setups beyond the first type fit their room.
  const smallOnly: Term[] = [t_("S", -(cap + e))];
  for (let t = 0; t < K; t++) smallOnly.push(t_(`v${t}`, 1), t_(`s${t}`, e));
  row("smallOnly", smallOnly, { ub: 0 });
  // T = Σ b_t ≥ B = L + S; the continuous inequality (R + e)·B ≥ Σ sizes + e·T.
  row("slots", [t_("T", 1), ...types.map((_, t) => t_(`b${t}`, -1))], { lb: 0 });
  row("typed", [t_("T", 1), t_("S", -1)], { lb: L });
  row("area", [t_("S", cap + e), t_("T", -e)], { lb: total - (cap + e) * L });
  const bounds = [
    { name: "S", lb: Math.max(0, overall.bins - L) },
    ...types.map((ty, t) => ({ name: `b${t}`, lb: ty.bins })),
    ...pairs.flatMap(([t, c]) => [
      { name: n(1, t, c), lb: 0, ub: types[c]!.n1 },
      { name: n(2, t, c), lb: 0, ub: types[c]!.n2 },
    ]),
  ];
  return {
    name: "hosting",
    sense: "min",
    objective: [t_("S", u), t_("T", e)],
    constant: total + u * L,
    rows,
    bounds,
  };
}

/**
 * The hosting LP's bound in hours, rounded up to the makespan lattice; 0 when it does not
 * apply or the LP did not solve within `timeLimitMs`.
 */
export async function hostingLpBound(
  lots: readonly Lot[],
  config: LineConfig,
  timeLimitMs: number,
): Promise<number> {
  const model = hostingModel(lots, config);
  if (!model) return 0;
  const lp = await solveLp(model, { timeLimitMs });
  if (lp.status !== "optimal") return 0;
  const { blockCost, setup } = packingTerms(config);
  let base = 0;
  for (const lot of lots) base += lotSize(lot, config);
  // The cost above the fixed part is u·B + e·T: a whole number of lattice steps.
  const cost = lp.objective - base;
  const value = cost - LP_TOL * Math.max(1, Math.abs(cost));
  const g = commonStep(blockCost, setup);
  return base + (g > 0 ? g * Math.ceil(value / g) : value);
}
