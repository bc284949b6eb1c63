/** A linear (or mixed-integer) program as plain data: no solver import, easy to post to a Worker. */

/** One coefficient of a named variable. */
export interface Term {
  readonly name: string;
  readonly coef: number;
}

/** A constraint lb ≤ Σ terms ≤ ub (either side may be absent). */
export interface Row {
  readonly name: string;
  readonly terms: readonly Term[];
  readonly lb?: number;
  readonly ub?: number;
}

/** Bounds of one variable; variables are ≥ 0 unless given here. */
export interface VarBounds {
  readonly name: string;
  readonly lb?: number;
  readonly ub?: number;
}

/** A minimization or maximization problem over named variables. */
export interface LinearModel {
  readonly name: string;
  readonly sense: "min" | "max";
  readonly objective: readonly Term[];
  /** Added to the objective value (a makespan's fixed part). */
  readonly constant?: number;
  readonly rows: readonly Row[];
  readonly bounds?: readonly VarBounds[];
  readonly binaries?: readonly string[];
  readonly integers?: readonly string[];
}
