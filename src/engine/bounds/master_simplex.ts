/**
 * A warm-started primal simplex for column generation's covering master:
 *   min Σ_j c_j x_j + Σ_i s_i y_i  s.t.  Σ_j a_ij x_j − y_i = b_i (b > 0), x, y ≥ 0,
 * with a dense basis inverse updated at each pivot. Columns only ever arrive between solves, so
 * the last optimal basis stays feasible and the next solve needs a few pivots, where GLPK
 * starts every master from scratch (15–30 ms per LP at 200 rows, the half of a round's time).
 *
 * The bound never depends on this solver being exact: column generation's bound holds for any
 * duals (its Lagrangian argument), so a numerical slip costs rounds, never validity.
 */
import { type Budget, spent } from "../budget.ts";

/** A master column: its nonzero rows and their coefficients, its cost, and a stable key. */
export interface MasterColumn {
  readonly key: string;
  readonly rows: readonly number[];
  readonly coefs: readonly number[];
  readonly cost: number;
}

export interface MasterSolution {
  readonly status: "optimal" | "time_limit" | "failed";
  /** Row duals. */
  readonly duals: Float64Array;
  /** Value of each column (by its index in the solve's list). */
  readonly values: Float64Array;
  /** Whether each column is in the final basis (a basic column may be at 0). */
  readonly basic: Uint8Array;
}

/** Reduced-cost and pivot tolerances (the costs are a block's, order 1). */
const COST_EPS = 1e-9;
const PIVOT_EPS = 1e-9;
/** Pivots between refactorizations of the basis inverse (each update adds rounding error). */
const REFACTOR_EVERY = 400;
/** Degenerate pivots in a row before Bland's rule takes over (it cannot cycle). */
const BLAND_AFTER = 50;
/** Pivots between computations of the duals from scratch. */
const PRICES_EVERY = 32;
/** Pivots between clock reads. */
const PIVOTS_PER_CHECK = 16;

/** Basis entries: a column key, or the surplus of row i as `~i`. */
export const surplusKey = (i: number) => `~${i}`;

/** The solver of one master, keeping its basis between solves. */
export class MasterSimplex {
  private basis: string[];
  private inverse: Float64Array;
  private pivots = 0;
  /** Whether the basis comes from start() (then it may be infeasible). */
  private started = false;

  /** `singleton(i)`: the key of a column that covers row i alone with coefficient 1. */
  constructor(
    private readonly rhs: readonly number[],
    private readonly surplusCost: readonly number[],
    private readonly singleton: (i: number) => string,
  ) {
    this.basis = rhs.map((_, i) => singleton(i));
    this.inverse = identity(rhs.length);
  }

  /** Solves over `columns` (which must hold every row's singleton) from the last basis. */
  solve(columns: readonly MasterColumn[], budget: Budget): MasterSolution {
    const m = this.rhs.length;
    const index = new Map<string, number>();
    columns.forEach((c, j) => index.set(c.key, j));
    // Variables: columns 0..n−1, then surpluses n..n+m−1.
    const n = columns.length;
    const varOf = (key: string) => key.startsWith("~") ? n + Number(key.slice(1)) : index.get(key);
    let basic = this.basis.map(varOf);
    // A basic column gone (purged): start again from the singletons. Many pivots since the
    // last factorization: refactor (a singular basis also starts again).
    if (basic.some((v) => v === undefined)) this.reset();
    else if (this.pivots >= REFACTOR_EVERY && !this.refactor(basic as number[], columns)) {
      this.reset();
    }
    basic = this.basis.map(varOf);
    const started = this.started;
    this.started = false;
    if (started && !basic.some((v) => v === undefined) && !this.feasible(basic as number[])) {
      this.reset(); // a starting basis (see start) that does not cover the rows exactly
      basic = this.basis.map(varOf);
    }
    if (basic.some((v) => v === undefined)) {
      const none = { duals: new Float64Array(m), values: new Float64Array(n) };
      return { status: "failed", ...none, basic: new Uint8Array(n) };
    }
    const B = basic as number[];
    // B⁻¹ by columns: inv[i * m + r] is entry (r, i), so B⁻¹a, π and the pivot's update all
    // run along contiguous memory.
    const inv = this.inverse;
    // The columns flattened (the pricing loop reads them at every pivot).
    const start = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) start[j + 1] = start[j]! + columns[j]!.rows.length;
    const rowAt = new Int32Array(start[n]!);
    const coefAt = new Float64Array(start[n]!);
    const costOf = new Float64Array(n + m);
    columns.forEach((c, j) => {
      rowAt.set(c.rows, start[j]!);
      coefAt.set(c.coefs, start[j]!);
      costOf[j] = c.cost;
    });
    for (let i = 0; i < m; i++) costOf[n + i] = this.surplusCost[i]!;
    const isBasic = new Uint8Array(n + m);
    for (const v of B) isBasic[v] = 1;
    const x = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      const b = this.rhs[i]!;
      for (let r = 0; r < m; r++) x[r] = x[r]! + inv[i * m + r]! * b;
    }
    for (let r = 0; r < m; r++) x[r] = Math.max(0, x[r]!);
    const pi = new Float64Array(m);
    const u = new Float64Array(m);
    const nonzero = new Int32Array(m);
    let degenerate = 0;
    let status: MasterSolution["status"] = "optimal";
    for (let step = 0;; step++) {
      if (step % PIVOTS_PER_CHECK === 0 && spent(budget)) {
        status = "time_limit";
        break;
      }
      // π = c_B B⁻¹, from scratch now and then (each pivot updates it, with rounding error).
      if (step % PRICES_EVERY === 0) {
        for (let i = 0; i < m; i++) {
          let v = 0;
          for (let r = 0; r < m; r++) v += costOf[B[r]!]! * inv[i * m + r]!;
          pi[i] = v;
        }
      }
      // Entering: the most negative reduced cost (Dantzig), or the first (Bland) when stalling.
      const bland = degenerate >= BLAND_AFTER;
      let enter = -1;
      let best = -COST_EPS;
      for (let v = 0; v < n + m; v++) {
        if (isBasic[v]) continue;
        let d = costOf[v]!;
        if (v < n) {
          for (let k = start[v]!; k < start[v + 1]!; k++) d -= pi[rowAt[k]!]! * coefAt[k]!;
        } else d += pi[v - n]!;
        if (d < best) {
          best = d;
          enter = v;
          if (bland) break;
        }
      }
      if (enter < 0) break;
      // u = B⁻¹ a_enter.
      u.fill(0);
      if (enter < n) {
        for (let k = start[enter]!; k < start[enter + 1]!; k++) {
          const col = rowAt[k]! * m, a = coefAt[k]!;
          for (let r = 0; r < m; r++) u[r] = u[r]! + inv[col + r]! * a;
        }
      } else {
        const col = (enter - n) * m;
        for (let r = 0; r < m; r++) u[r] = -inv[col + r]!;
      }
      let leave = -1;
      let ratio = Infinity;
      for (let r = 0; r < m; r++) {
        const ur = u[r]!;
        if (ur <= PIVOT_EPS) continue;
        const t = x[r]! / ur;
        const tie = leave >= 0 && t <= ratio + 1e-12 &&
          (bland ? B[r]! < B[leave]! : ur > u[leave]!);
        if (t < ratio - 1e-12 || tie) {
          ratio = t;
          leave = r;
        }
      }
      if (leave < 0) {
        status = "failed"; // unbounded, which a covering master with costs ≥ 0 never is
        break;
      }
      degenerate = ratio <= 1e-12 ? degenerate + 1 : 0;
      for (let r = 0; r < m; r++) x[r] = Math.max(0, x[r]! - ratio * u[r]!);
      x[leave] = ratio;
      const p = u[leave]!;
      // u's nonzeros (a basis of blocks is sparse, and so is u): the update touches only them.
      let nz = 0;
      for (let r = 0; r < m; r++) if (u[r] !== 0) nonzero[nz++] = r;
      // Row `leave` of B⁻¹ divided by the pivot, then taken u_r times off every other row; the
      // entering column's reduced cost becomes 0, so π moves along that same row.
      for (let i = 0; i < m; i++) {
        const col = i * m;
        const t = inv[col + leave]! / p;
        if (t === 0) continue;
        pi[i] = pi[i]! + best * t;
        for (let k = 0; k < nz; k++) {
          const r = nonzero[k]!;
          inv[col + r] = inv[col + r]! - u[r]! * t;
        }
        inv[col + leave] = t;
      }
      isBasic[B[leave]!] = 0;
      isBasic[enter] = 1;
      B[leave] = enter;
      this.pivots++;
    }
    this.basis = B.map((v) => v < n ? columns[v]!.key : surplusKey(v - n));
    const values = new Float64Array(n);
    B.forEach((v, r) => {
      if (v < n) values[v] = x[r]!;
    });
    return { status, duals: pi, values, basic: isBasic.slice(0, n) };
  }

  /**
   * Starts the next solve from the basis `keys` (one per row: a column's key, or `surplus(i)`),
   * e.g. a known schedule's blocks with the surpluses of the rows they cover more than once,
   * nearer the optimum than the singletons; one that is singular or infeasible is dropped.
   */
  start(keys: readonly string[]): void {
    if (keys.length !== this.rhs.length) return;
    this.basis = [...keys];
    this.pivots = REFACTOR_EVERY;
    this.started = true;
  }

  /** Whether B⁻¹b ≥ 0 for the current inverse. */
  private feasible(basic: readonly number[]): boolean {
    const m = this.rhs.length;
    for (let r = 0; r < basic.length; r++) {
      let x = 0;
      for (let i = 0; i < m; i++) x += this.inverse[i * m + r]! * this.rhs[i]!;
      if (x < -1e-9 * (1 + Math.abs(this.rhs[r] ?? 0))) return false;
    }
    return true;
  }

  /** Back to the singleton basis (B = I), always feasible. */
  private reset(): void {
    this.basis = this.rhs.map((_, i) => this.singleton(i));
    this.inverse = identity(this.rhs.length);
    this.pivots = 0;
  }

  /** Recomputes B⁻¹ by Gauss–Jordan elimination; false when the basis is singular. */
  private refactor(basic: readonly number[], columns: readonly MasterColumn[]): boolean {
    const m = this.rhs.length;
    const n = columns.length;
    // a: the basis matrix (row i, basis position r), reduced to I while inv becomes B⁻¹.
    const a = new Float64Array(m * m);
    basic.forEach((v, r) => {
      if (v >= n) a[(v - n) * m + r] = -1;
      else {
        const c = columns[v]!;
        c.rows.forEach((i, k) => a[i * m + r] = c.coefs[k]!);
      }
    });
    const inv = identity(m);
    // Eliminate column r of B (a basis position), pivoting on the largest entry below.
    const rowOf = new Int32Array(m);
    const used = new Uint8Array(m);
    for (let r = 0; r < m; r++) {
      let pivot = -1;
      let big = 1e-10;
      for (let i = 0; i < m; i++) {
        if (!used[i] && Math.abs(a[i * m + r]!) > big) [big, pivot] = [Math.abs(a[i * m + r]!), i];
      }
      if (pivot < 0) return false;
      used[pivot] = 1;
      rowOf[r] = pivot;
      const p = a[pivot * m + r]!;
      for (let k = 0; k < m; k++) {
        a[pivot * m + k]! /= p;
        inv[pivot * m + k]! /= p;
      }
      for (let i = 0; i < m; i++) {
        const f = a[i * m + r]!;
        if (i === pivot || f === 0) continue;
        for (let k = 0; k < m; k++) {
          a[i * m + k] = a[i * m + k]! - f * a[pivot * m + k]!;
          inv[i * m + k] = inv[i * m + k]! - f * inv[pivot * m + k]!;
        }
      }
    }
    // Row rowOf[r] of inv is row r of B⁻¹ (the basis position r's row); stored by columns.
    const out = new Float64Array(m * m);
    for (let r = 0; r < m; r++) {
      const from = rowOf[r]! * m;
      for (let i = 0; i < m; i++) out[i * m + r] = inv[from + i]!;
    }
    this.inverse = out;
    this.pivots = 0;
    return true;
  }
}

function identity(m: number): Float64Array {
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) a[i * m + i] = 1;
  return a;
}
