/**
 * A full plan made into a timed, validated and measured schedule (the bound is the caller's).
 * Timing is the planner's, around the line's downtimes, so a block may be cut where one begins.
 */
import type {
  Bound,
  Downtime,
  Issue,
  LineConfig,
  Lot,
  Objective,
  Plan,
  Schedule,
  SolveStatus,
} from "../model.ts";
import { blockActivities, timePlan } from "../planner.ts";
import { computeKpis } from "../kpis.ts";
import { computeDueKpis } from "../due.ts";
import { validateSchedule } from "../validate.ts";

export interface Measured {
  /** The plan as it runs: blocks cut around downtimes. */
  readonly plan: Plan;
  readonly activities: Schedule["activities"];
  readonly kpis: Schedule["kpis"];
}

/** Activities and KPIs of `plan`; throws when the plan breaks a rule of the line (our bug). */
export function measurePlan(
  plan: Plan,
  config: LineConfig,
  downtimes: readonly Downtime[] = [],
  startMs = 0,
): Measured {
  const lots: Lot[] = plan.flat();
  const timed = timePlan(plan, config, downtimes);
  const activities = blockActivities(timed, config);
  const violations = validateSchedule(lots, activities, config, downtimes);
  if (violations.length) {
    throw new Error(
      `re-planning produced an invalid schedule: ${
        violations.slice(0, 3).map((v) => v.message).join("; ")
      }`,
    );
  }
  const due = computeDueKpis(lots, activities, startMs);
  return {
    plan: timed.map((b) => b.lots),
    activities,
    kpis: { ...computeKpis(activities, config), ...(due ? { due } : {}) },
  };
}

/** The schedule of a measured plan. */
export function scheduleOf(
  measured: Measured,
  base: {
    readonly strategy: string;
    readonly startMs: number;
    readonly config: LineConfig;
    readonly bound: Bound;
    readonly status: SolveStatus;
    readonly warnings: readonly Issue[];
    readonly elapsedMs: number;
    readonly downtimes: readonly Downtime[];
    readonly objective?: Objective;
  },
): Schedule {
  return {
    strategy: base.strategy,
    startMs: base.startMs,
    config: base.config,
    plan: measured.plan,
    activities: measured.activities,
    kpis: measured.kpis,
    bound: base.bound,
    status: base.status,
    validation: { errors: [], warnings: base.warnings },
    elapsedMs: base.elapsedMs,
    ...(base.downtimes.length ? { calendar: base.downtimes } : {}),
    ...(base.objective && base.objective !== "makespan" ? { objective: base.objective } : {}),
  };
}
