/** How far a makespan is from a lower bound: the one formula for the gap and for "optimal". */
import type { GapVerdict } from "./model.ts";

/** Relative tolerance under which a makespan equals its bound. */
const OPTIMAL_EPS = 1e-9;

/** (makespan − bound) / bound × 100, never negative; 0 without a positive bound. */
export function gapPct(makespanHours: number, lowerBoundHours: number): number {
  return lowerBoundHours > 0
    ? Math.max(0, (makespanHours - lowerBoundHours) / lowerBoundHours * 100)
    : 0;
}

/** Gap and optimality of a makespan against a lower bound. */
export function boundOf(
  makespanHours: number,
  lowerBoundHours: number,
  method: string,
): GapVerdict {
  const provenOptimal = makespanHours <= lowerBoundHours * (1 + OPTIMAL_EPS) + OPTIMAL_EPS;
  return {
    lowerBoundHours,
    method,
    gapPct: provenOptimal ? 0 : gapPct(makespanHours, lowerBoundHours),
    provenOptimal,
  };
}
