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
/** The model's value for a solver objective `z`: constant + unit·z. */
export function modelValue(model: Pick<LinearModel, "constant" | "unit">, z: number): number {
  return (model.constant ?? 0) + (model.unit ?? 1) * z;
}

export interface LinearModel {
  readonly name: string;
  readonly sense: "min" | "max";
  readonly objective: readonly Term[];
  /** Added to the objective value (a makespan's fixed part). */
  readonly constant?: number;
  /**
   * Value of one objective unit (default 1): the solver sees Σ coef·x and the model's value is
   * constant + unit·Σ coef·x. Lets a model state costs in whole lattice steps, so the solver
   * can tell its objective is integral.
   */
  readonly unit?: number;
  readonly rows: readonly Row[];
  readonly bounds?: readonly VarBounds[];
  readonly binaries?: readonly string[];
  readonly integers?: readonly string[];
}
