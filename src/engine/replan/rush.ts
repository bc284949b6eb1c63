/**
 * A rush lot in a stored schedule: the ranked places it can go after what is frozen at `now`,
 * and the schedule with it placed at the chosen one.
 */
import type { Downtime, Lot, Schedule } from "../model.ts";
import { downtimesOf } from "../calendar.ts";
import type { SchedulerConfig } from "../config.ts";
import { lineOf } from "../config.ts";
import { InputError } from "../errors.ts";
import { validateLots } from "../lots.ts";
import { firstFreeOf, type FrozenPrefix, frozenPrefix, protectOpenBlock } from "./frozen.ts";
import { applyInsertion, type InsertAt, type InsertOption, rankInsertions } from "./insertion.ts";
import { measurePlan, scheduleOf } from "./measure.ts";
import { standInLots } from "./open_block.ts";
import { boundAfterPrefix, keepsPrefix, type ReplanReport } from "./replan.ts";

const HOUR_MS = 3_600_000;

export interface RushOptions {
  /** What has started by this instant stays (epoch ms); none = nothing is frozen. */
  readonly nowMs?: number;
  /** Keep the rest of the block running at `now` as well. */
  readonly freezeBlock?: boolean;
}

export interface RushRanking {
  /** Every place, best first (shortest makespan, fewer cleans, fewer lots moved). */
  readonly options: readonly InsertOption[];
  /** The schedule's makespan before the lot, hours. */
  readonly makespanHours: number;
  readonly cleans: number;
  readonly frozenLots: readonly string[];
}

function prefixOf(parent: Schedule, config: SchedulerConfig, opts: RushOptions): FrozenPrefix {
  const nowH = opts.nowMs === undefined ? -1 : (opts.nowMs - parent.startMs) / HOUR_MS;
  return frozenPrefix(parent.plan, lineOf(config), nowH, !!opts.freezeBlock, parent.calendar ?? []);
}

/** The config's calendar as downtimes of the parent's clock. */
function downtimesFor(parent: Schedule, config: SchedulerConfig): Downtime[] {
  return downtimesOf(config.calendar ?? [], config.timeZone, parent.startMs);
}

/** The lot checked against the schedule's lots; InputError names every problem. */
function checkRushLot(parent: Schedule, config: SchedulerConfig, lot: Lot): void {
  const issues = validateLots([...parent.plan.flat(), lot], config)
    .filter((i) => i.lotId === lot.id || i.field === "Lot ID");
  if (issues.length) throw new InputError(`invalid rush lot ${lot.id}`, issues);
}

/** The places for `lot` in `parent`, ranked, without re-planning anything. */
export function rankRushLot(
  parent: Schedule,
  config: SchedulerConfig,
  lot: Lot,
  opts: RushOptions = {},
): RushRanking {
  checkRushLot(parent, config, lot);
  const prefix = prefixOf(parent, config, opts);
  const line = lineOf(config);
  const downtimes = downtimesFor(parent, config);
  return {
    options: rankInsertions(
      parent.plan,
      lot,
      line,
      firstFreeOf(prefix),
      downtimes,
      (p) => protectOpenBlock(p, prefix, line, downtimes),
    ),
    makespanHours: parent.kpis.makespanHours,
    cleans: parent.kpis.cleans,
    frozenLots: prefix.blocks.flat().map((l) => l.id),
  };
}

/** `parent` with `lot` placed at `at` (one of rankRushLot's places), timed, measured and bounded. */
export async function applyRushLot(
  parent: Schedule,
  config: SchedulerConfig,
  lot: Lot,
  at: InsertAt,
  opts: RushOptions & { readonly boundBudgetMs?: number } = {},
): Promise<{ schedule: Schedule; option: InsertOption; remainder: ReplanReport["remainder"] }> {
  const t0 = performance.now();
  const ranking = rankRushLot(parent, config, lot, opts);
  const option = ranking.options.find((o) =>
    o.kind === at.kind && o.block === at.block && o.position === at.position
  );
  if (!option) {
    throw new InputError("invalid rush lot place", [{
      code: "INVALID_VALUE",
      field: "at",
      message: `at must be one of the ranked places (after the frozen lots), got ${at.kind} ` +
        `block ${at.block + 1} position ${at.position + 1}`,
    }]);
  }
  const line = lineOf(config);
  const downtimes = downtimesFor(parent, config);
  const prefix = prefixOf(parent, config, opts);
  const plan = protectOpenBlock(
    applyInsertion(parent.plan, lot, at, line),
    prefix,
    line,
    downtimes,
  );
  const measured = measurePlan(plan, line, downtimes, parent.startMs);
  keepsPrefix(parent, measured.activities, prefix, downtimes);
  const free = plan.flat().filter((l) => !prefix.frozenIds.has(l.id));
  const bound = await boundAfterPrefix(
    prefix,
    standInLots(free, prefix, line),
    line,
    measured.kpis.makespanHours,
    { ...opts, downtimes },
  );
  const schedule = scheduleOf(measured, {
    downtimes,
    strategy: parent.strategy,
    startMs: parent.startMs,
    config: line,
    bound: bound.whole,
    status: bound.whole.provenOptimal ? "optimal" : "heuristic",
    warnings: [],
    elapsedMs: performance.now() - t0,
  });
  return { schedule, option, remainder: bound.remainder };
}
