/** A full plan made into a timed, validated and measured schedule (the bound is the caller's). */
import type { Bound, Issue, LineConfig, Lot, Plan, Schedule, SolveStatus } from "../model.ts";
import { planActivities } from "../planner.ts";
import { computeKpis } from "../kpis.ts";
import { validateSchedule } from "../validate.ts";

export interface Measured {
  readonly activities: Schedule["activities"];
  readonly kpis: Schedule["kpis"];
}

/** Activities and KPIs of `plan`; throws when the plan breaks a rule of the line (our bug). */
export function measurePlan(plan: Plan, config: LineConfig): Measured {
  const lots: Lot[] = plan.flat();
  const activities = planActivities(plan, config);
  const violations = validateSchedule(lots, activities, config);
  if (violations.length) {
    throw new Error(
      `re-planning produced an invalid schedule: ${
        violations.slice(0, 3).map((v) => v.message).join("; ")
      }`,
    );
  }
  return { activities, kpis: computeKpis(activities, config) };
}

/** The schedule of a measured plan. */
export function scheduleOf(
  plan: Plan,
  measured: Measured,
  base: {
    readonly strategy: string;
    readonly startMs: number;
    readonly config: LineConfig;
    readonly bound: Bound;
    readonly status: SolveStatus;
    readonly warnings: readonly Issue[];
    readonly elapsedMs: number;
  },
): Schedule {
  return {
    strategy: base.strategy,
    startMs: base.startMs,
    config: base.config,
    plan,
    activities: measured.activities,
    kpis: measured.kpis,
    bound: base.bound,
    status: base.status,
    validation: { errors: [], warnings: base.warnings },
    elapsedMs: base.elapsedMs,
  };
}
