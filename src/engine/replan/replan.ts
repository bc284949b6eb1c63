/**
 * Re-planning a schedule from `now`: the frozen prefix stays exactly as it is, the rest (with lots
 * added, removed or changed) is planned again by any strategy from the line state the prefix
 * leaves, and bounded. The bound and gap of the re-planned part treat the prefix as a constant.
 */
import type { Bound, Downtime, GapVerdict, LineConfig, Lot, Plan, Schedule } from "../model.ts";
import { planActivities } from "../planner.ts";
import type { SchedulerConfig } from "../config.ts";
import { lineOf } from "../config.ts";
import { CancelledError, InputError } from "../errors.ts";
import { boundOf } from "../gap.ts";
import { calendarBound, computeLowerBound } from "../bounds/mod.ts";
import { continuousBound } from "../bounds/continuous.ts";
import type { ProgressFn } from "../progress.ts";
import type { Registry } from "../registry.ts";
import { canonicalRequest } from "../run_request.ts";
import { SEQUENCING_BUDGET_MS } from "../run_schedule.ts";
import { sequenceForObjective } from "../sequencing.ts";
import { tardinessLowerBound } from "../due.ts";
import { applyChanges, type ChangedLots, type LotChanges } from "./changes.ts";
import { blocksInFormerOrder, movedLots } from "./disruption.ts";
import { firstFreeOf, type FrozenPrefix, frozenPrefix, protectOpenBlock } from "./frozen.ts";
import { keptOrderPlan } from "./kept_order.ts";
import { measurePlan, scheduleOf } from "./measure.ts";
import { standInLots, standInOriginH, withoutStandIn } from "./open_block.ts";

const HOUR_MS = 3_600_000;
/** Instants match to the millisecond. */
const TOL_H = 1 / 3_600_000;

export interface ReplanOptions {
  /** The instant up to which everything started is kept, epoch ms. */
  readonly nowMs: number;
  readonly changes?: LotChanges;
  /** Keep the rest of the block running at `now` as well (the line restarts with a CLEAN). */
  readonly freezeBlock?: boolean;
  /** Strategy for the re-planned part (name or alias); defaults to `config.strategy`. */
  readonly strategy?: string;
  readonly registry?: Registry;
  /**
   * Non-disruptive: keep the schedule's own order (changes applied) unless re-optimizing saves
   * more than this many hours. Undefined = always take the re-optimized plan.
   */
  readonly keepOrderWithinHours?: number;
  /** Time the lower bound may take beyond the strategy, ms. */
  readonly boundBudgetMs?: number;
  readonly onProgress?: ProgressFn;
  readonly signal?: AbortSignal;
}

/** What the re-plan did, beside the new schedule. */
export interface ReplanReport {
  readonly nowMs: number;
  /** Lots kept exactly, in their order. */
  readonly frozenLots: readonly string[];
  /** End of the last frozen fill, hours from the schedule start. */
  readonly frozenUntilH: number;
  /** Whether the first re-planned lots continue the block running at `now` (no CLEAN between). */
  readonly continuedBlock: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Vial counts changed (as the changes applied them). */
  readonly changed: ChangedLots["changed"];
  /** Lots of the old plan whose order changed (outside a longest common order). */
  readonly moved: readonly string[];
  readonly chosen: "optimized" | "kept-order";
  readonly optimizedMakespanHours: number;
  /** The kept order's makespan, when the non-disruptive option asked for it. */
  readonly keptOrderMakespanHours: number | null;
  /** The re-planned part alone (from the end of the frozen prefix): its span, bound and gap. */
  readonly remainder: GapVerdict & { readonly makespanHours: number };
}

export interface Replanned {
  readonly schedule: Schedule;
  readonly report: ReplanReport;
}

/** Re-plans `parent` from `opts.nowMs` with `opts.changes`; InputError lists every problem. */
export async function replanSchedule(
  parent: Schedule,
  config: SchedulerConfig,
  opts: ReplanOptions,
): Promise<Replanned> {
  const t0 = performance.now();
  const line = lineOf(config);
  // The prefix as it ran: under the calendar the parent was timed with.
  const prefix = frozenPrefix(
    parent.plan,
    line,
    (opts.nowMs - parent.startMs) / HOUR_MS,
    !!opts.freezeBlock,
    parent.calendar ?? [],
  );
  const oldLots = parent.plan.flat();
  const delta = applyChanges(oldLots, prefix.frozenIds, opts.changes ?? {});
  const frozen = prefix.blocks.flat();
  const free = [...delta.kept, ...delta.added];
  const request = canonicalRequest(config, {
    lots: [...frozen, ...free],
    startMs: parent.startMs,
    ...(opts.strategy !== undefined ? { strategy: opts.strategy } : {}),
    ...(opts.registry ? { registry: opts.registry } : {}),
  });
  const issues = [...delta.issues, ...request.issues];
  if (issues.length) throw new InputError("invalid re-plan", issues);
  const { strategy, options } = request.runs[0]!;
  const objective = config.objective ?? "makespan";
  // The rest runs around the calendar as configured now (a new maintenance window included).
  const { downtimes } = request;
  if (opts.signal?.aborted) throw new CancelledError();

  const before = oldLots.map((l) => l.id);
  const standIn = standInLots(free, prefix, line);
  let optimized: Lot[][] = prefix.blocks.map((b) => [...b]);
  let continues = false;
  let fromStrategy = 0;
  let status = parent.status;
  if (free.length) {
    opts.onProgress?.({
      phase: "constructing",
      percent: 0,
      message: `re-planning ${free.length} lots`,
    });
    const out = await strategy.run({
      lots: standIn,
      config: line,
      options,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (opts.signal?.aborted) throw new CancelledError();
    const rest = withoutStandIn(out.plan);
    continues = rest.continues && rest.blocks[0]!.length > 0;
    const tail = rest.continues ? rest.blocks.slice(1) : rest.blocks;
    optimized = joinPrefix(
      prefix,
      continues ? rest.blocks[0]! : [],
      // Block order is free without a calendar; around downtimes the strategy's order stands.
      downtimes.length ? tail : blocksInFormerOrder(tail, before),
    );
    fromStrategy = out.lowerBoundHours ?? 0;
    status = out.status ?? "heuristic";
    if (objective !== "makespan") {
      // Due dates count as in a fresh run: the re-planned blocks are re-sequenced for them (the
      // makespan kept, or within its tolerance); the frozen blocks do not move.
      optimized = sequenceForObjective(optimized, {
        config: line,
        downtimes,
        objective,
        makespanTolerancePct: config.makespanTolerancePct ?? 0,
        startMs: parent.startMs,
        budgetMs: SEQUENCING_BUDGET_MS,
        fixedBlocks: prefix.blocks.length,
        ...(opts.signal ? { signal: opts.signal } : {}),
      }).map((b) => [...b]);
    }
  }
  const measure = (p: Plan) => {
    const m = measurePlan(
      protectOpenBlock(p, prefix, line, downtimes),
      line,
      downtimes,
      parent.startMs,
    );
    keepsPrefix(parent, m.activities, prefix, downtimes);
    return m;
  };
  const optimizedMeasured = measure(optimized);
  let measured = optimizedMeasured;
  let keptMakespan: number | null = null;
  let chosen: ReplanReport["chosen"] = "optimized";
  if (opts.keepOrderWithinHours !== undefined) {
    const kept = keptOrderPlan(parent.plan, firstFreeOf(prefix), delta.kept, delta.added, line);
    const keptMeasured = measure(kept);
    keptMakespan = keptMeasured.kpis.makespanHours;
    if (keptMakespan <= optimizedMeasured.kpis.makespanHours + opts.keepOrderWithinHours + 1e-9) {
      [measured, chosen, status] = [keptMeasured, "kept-order", "heuristic"];
      continues = prefix.open !== null && kept[prefix.blocks.length - 1]!.length >
          prefix.blocks[prefix.blocks.length - 1]!.length;
    }
  }
  const makespan = measured.kpis.makespanHours;

  const bound = await boundAfterPrefix(prefix, standIn, line, makespan, {
    ...opts,
    downtimes,
    fromStrategy: { hours: fromStrategy, method: strategy.name },
  });
  const report: ReplanReport = {
    nowMs: opts.nowMs,
    frozenLots: frozen.map((l) => l.id),
    frozenUntilH: prefix.endH,
    continuedBlock: continues,
    added: delta.added.map((l) => l.id),
    removed: delta.removed,
    changed: delta.changed,
    moved: movedLots(
      before.filter((id) => !prefix.frozenIds.has(id)),
      measured.plan.flat().map((l) => l.id),
    ),
    chosen,
    optimizedMakespanHours: optimizedMeasured.kpis.makespanHours,
    keptOrderMakespanHours: keptMakespan,
    remainder: bound.remainder,
  };
  const schedule = scheduleOf(measured, {
    strategy: strategy.name,
    startMs: parent.startMs,
    config: line,
    bound: objective === "makespan" ? bound.whole : {
      ...bound.whole,
      // Valid for every schedule of these lots from the start, so for this one too.
      tardiness: tardinessLowerBound(measured.plan.flat(), line, parent.startMs, downtimes),
    },
    status: report.remainder.provenOptimal ? "optimal" : status === "optimal" ? "feasible" : status,
    warnings: [],
    elapsedMs: performance.now() - t0,
    downtimes,
    objective,
  });
  return { schedule, report };
}

/**
 * Throws InputError unless `activities` begin with the parent's frozen activities exactly: a
 * calendar changed where the prefix already ran cannot move what has happened.
 */
export function keepsPrefix(
  parent: Schedule,
  activities: Schedule["activities"],
  prefix: FrozenPrefix,
  downtimes: readonly Downtime[],
): void {
  const before = planActivities(parent.plan, parent.config, parent.calendar ?? []);
  const n = before.findLastIndex((a) => a.lotId !== null && prefix.frozenIds.has(a.lotId)) + 1;
  const moved = before.slice(0, n).findIndex((a, i) => {
    const b = activities[i];
    return !b || b.kind !== a.kind || b.lotId !== a.lotId || Math.abs(b.startH - a.startH) > TOL_H;
  });
  if (moved < 0) return;
  const clash = downtimes.find((d) => d.startH < prefix.endH);
  throw new InputError("invalid re-plan", [{
    code: "FROZEN_LOT",
    field: "calendar",
    message: `the calendar ${
      clash
        ? `interval ${clash.reason || "without reason"} (from ${clash.startH.toFixed(2)} h) `
        : ""
    }changes when activity ${moved + 1} (${before[moved]!.kind}${
      before[moved]!.lotId ? ` of lot ${before[moved]!.lotId}` : ""
    }) runs, which has already started; re-plan from a later instant or change the calendar`,
  }]);
}

/** The frozen blocks, the last one continued by `more`, then the re-planned blocks. */
function joinPrefix(prefix: FrozenPrefix, more: readonly Lot[], blocks: readonly Lot[][]): Lot[][] {
  const head = prefix.blocks.map((b) => [...b]);
  if (more.length) head[head.length - 1]!.push(...more);
  return [...head, ...blocks.filter((b) => b.length > 0)];
}

/**
 * The lower bound after a frozen prefix: the stand-in problem's bound (and the strategy's own, in
 * the same terms) moved to the schedule's clock. `whole` holds it against the whole makespan,
 * `remainder` against the re-planned part alone.
 */
export async function boundAfterPrefix(
  prefix: FrozenPrefix,
  standIn: readonly Lot[],
  line: LineConfig,
  makespan: number,
  opts: {
    readonly boundBudgetMs?: number;
    readonly signal?: AbortSignal;
    readonly onProgress?: ProgressFn;
    readonly fromStrategy?: { readonly hours: number; readonly method: string };
    /** The line's downtimes, hours from the schedule start. */
    readonly downtimes?: readonly Downtime[];
  },
): Promise<{ whole: Bound; remainder: ReplanReport["remainder"] }> {
  const origin = standInOriginH(prefix);
  // Downtimes on the stand-in problem's clock, which starts at `origin`.
  const shifted = (opts.downtimes ?? []).map((d) => ({
    ...d,
    startH: d.startH - origin,
    endH: d.endH - origin,
  })).filter((d) => d.endH > 0);
  // The strategy's bound is on the work alone; downtimes push it like any other.
  const fromStrategy = opts.fromStrategy
    ? calendarBound(opts.fromStrategy.hours, opts.fromStrategy.method, standIn, line, shifted)
      .lowerBoundHours
    : 0;
  // Nothing is left to prove when the closed-form bound (or the strategy's) meets the makespan.
  const proven = boundOf(
    makespan - origin,
    Math.max(fromStrategy, continuousBound(standIn, line)),
    "",
  ).provenOptimal;
  const lb = standIn.length
    ? await computeLowerBound(standIn, line, {
      downtimes: shifted,
      budgetMs: proven ? 0 : opts.boundBudgetMs ?? 0,
      upperBoundHours: makespan - origin,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    })
    : {
      lowerBoundHours: makespan - origin,
      method: "frozen",
      elapsedMs: 0,
      stoppedByBudget: false,
    };
  const method = fromStrategy > lb.lowerBoundHours ? opts.fromStrategy!.method : lb.method;
  const lowerBound = origin + Math.max(lb.lowerBoundHours, fromStrategy);
  const span = makespan - prefix.endH;
  return {
    whole: {
      ...boundOf(makespan, lowerBound, method),
      elapsedMs: lb.elapsedMs,
      stoppedByBudget: lb.stoppedByBudget,
    },
    remainder: { makespanHours: span, ...boundOf(span, lowerBound - prefix.endH, method) },
  };
}
