/**
 * The JSON export read back into a Schedule, so a plan written yesterday can be re-planned
 * today. The plan is rebuilt from the activities (a fill's vials are its hours times the rate),
 * re-timed by the planner and held to the file: a file that was edited by hand into something
 * the line cannot run is refused, naming the activity.
 */
import { z } from "zod";
import type { Issue, Lot, Schedule } from "../model.ts";
import { InputError } from "../errors.ts";
import { planActivities } from "../planner.ts";
import { computeKpis } from "../kpis.ts";
import { validateSchedule } from "../validate.ts";
import type { ScheduleLineage } from "./schedule_json.ts";

const TOL_H = 1 / 3_600_000;

const fileSchema = z.object({
  strategy: z.string().min(1),
  config: z.object({
    fillRateVph: z.number().positive(),
    cleanHours: z.number().positive(),
    windowHours: z.number().positive(),
    chgSameHours: z.number().nonnegative(),
    chgDiffHours: z.number().nonnegative(),
    timeZone: z.string().min(1),
    startTime: z.string().min(1),
  }),
  bound: z.object({
    lowerBoundHours: z.number(),
    method: z.string(),
    gapPct: z.number(),
    provenOptimal: z.boolean(),
    elapsedMs: z.number().optional(),
    stoppedByBudget: z.boolean().optional(),
  }),
  status: z.enum(["heuristic", "optimal", "feasible", "time_limit", "infeasible", "stopped"])
    .catch("heuristic"),
  activities: z.array(z.object({
    kind: z.enum(["CLEAN", "CHANGEOVER", "FILL"]),
    hours: z.number().nonnegative(),
    lotId: z.string().nullable(),
    lotType: z.string().nullable(),
  })).min(1),
  calendar: z.array(z.object({
    startH: z.number(),
    endH: z.number(),
    reason: z.string().catch(""),
  })).optional(),
  objective: z.enum(["makespan", "makespan-then-tardiness", "tardiness"]).catch("makespan")
    .optional(),
  lineage: z.object({
    version: z.number().int().positive(),
    scheduleId: z.string().nullable(),
    parentId: z.string().nullable(),
    inputHash: z.string(),
    configHash: z.string(),
    engineVersion: z.string(),
  }).optional(),
});

/** A schedule read from its JSON export, with the zone it was written in. */
export interface ReadSchedule {
  readonly schedule: Schedule;
  readonly timeZone: string;
  readonly lineage: ScheduleLineage | null;
}

function bad(message: string, field = "schedule"): never {
  throw new InputError("invalid schedule file", [{
    code: "INVALID_SCHEDULE_FILE",
    field,
    message,
  }]);
}

/** Reads a schedule JSON export; InputError (INVALID_SCHEDULE_FILE) names what is wrong. */
export function parseScheduleJson(text: string): ReadSchedule {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    bad(`not JSON: ${(e as Error).message}`);
  }
  const r = fileSchema.safeParse(raw);
  if (!r.success) {
    throw new InputError(
      "invalid schedule file",
      r.error.issues.slice(0, 10).map((i): Issue => {
        const field = i.path.map(String).join(".");
        return { code: "INVALID_SCHEDULE_FILE", field, message: `${field}: ${i.message}` };
      }),
    );
  }
  const f = r.data;
  const { timeZone, startTime, ...line } = f.config;
  const startMs = Date.parse(startTime);
  if (!Number.isFinite(startMs)) {
    bad(
      `config.startTime must be an ISO 8601 instant, got ${JSON.stringify(startTime)}`,
      "config.startTime",
    );
  }
  const plan: Lot[][] = [];
  f.activities.forEach((a, k) => {
    if (a.kind === "CLEAN") plan.push([]);
    if (a.kind !== "FILL") return;
    if (!plan.length) bad(`activity ${k + 1}: a fill before the first CLEAN`, `activities.${k}`);
    if (!a.lotId || !a.lotType) {
      bad(`activity ${k + 1}: a fill without lotId or lotType`, `activities.${k}`);
    }
    plan[plan.length - 1]!.push({
      id: a.lotId,
      type: a.lotType,
      vials: Math.round(a.hours * line.fillRateVph),
    });
  });
  // The file's downtimes time the plan as it was written: the line stood around them.
  const downtimes = (f.calendar ?? []).filter((d) => d.endH > d.startH);
  const activities = planActivities(plan, line, downtimes);
  const lots = plan.flat();
  const issues = validateSchedule(lots, activities, line, downtimes);
  if (activities.length !== f.activities.length) {
    issues.push({
      message: `the file has ${f.activities.length} activities; its lots make ${activities.length}`,
    });
  }
  activities.forEach((a, k) => {
    const given = f.activities[k];
    if (given && (given.kind !== a.kind || Math.abs(given.hours - a.hours) > TOL_H)) {
      issues.push({
        message: `activity ${
          k + 1
        } (${given.kind}, ${given.hours} h) does not follow from the line: expected ${a.kind}, ${a.hours} h`,
      });
    }
  });
  if (issues.length) {
    throw new InputError(
      "invalid schedule file",
      issues.slice(0, 10).map((i) => ({
        ...i,
        code: "INVALID_SCHEDULE_FILE",
        field: i.field ?? "activities",
      })),
    );
  }
  const schedule: Schedule = {
    strategy: f.strategy,
    startMs,
    config: line,
    plan,
    activities,
    kpis: computeKpis(activities, line),
    bound: { elapsedMs: 0, stoppedByBudget: false, ...f.bound },
    status: f.status,
    validation: { errors: [], warnings: [] },
    elapsedMs: 0,
    ...(downtimes.length ? { calendar: downtimes } : {}),
    ...(f.objective && f.objective !== "makespan" ? { objective: f.objective } : {}),
  };
  return { schedule, timeZone, lineage: f.lineage ?? null };
}
