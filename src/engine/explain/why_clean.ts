/**
 * Why each CLEAN: for every block boundary, how much of the window the
 * closed block used, the lot that opened the next block against the hours that were left, and
 * whether any later lot would have fitted into that slack (and what moving it would change).
 */
import type { LineConfig, Lot, Plan, Schedule } from "../model.ts";
import { changeoverHours, EPS_HOURS, fillHours } from "../rules.ts";
import { formatHours } from "./format.ts";

/** Why a CLEAN is where it is. */
export type CleanCode =
  /** The line is cleaned before its first use. */
  | "CLEAN_START"
  /** The lot that opens the next block needs more hours than the closed block had left. */
  | "CLEAN_NEXT_LOT_DOES_NOT_FIT"
  /** The next lot would have fitted: the plan closed the block for a better packing overall. */
  | "CLEAN_NEXT_LOT_WOULD_FIT"
  /** The line was unavailable (a downtime of its calendar) and restarts with this CLEAN. */
  | "CLEAN_AFTER_DOWNTIME";

/** What the slack of a closed block could have taken. */
export type SlackCode =
  | "NO_LATER_LOT_FITS"
  /** A later lot fits, but moving it would not shorten the plan. */
  | "LATER_LOT_FITS_NO_GAIN"
  /** A later lot fits and moving it would shorten the plan. */
  | "LATER_LOT_FITS_WOULD_SAVE";

/** A later lot that would fit into a closed block's slack. */
export interface LaterFit {
  readonly lotId: string;
  readonly type: string;
  /** 1-based block the lot is in now. */
  readonly block: number;
  /** Fill plus the changeover it would need in the closed block (next to its type if present). */
  readonly neededHours: number;
  /** Makespan change if it moved there (negative = shorter). */
  readonly deltaHours: number;
}

export interface CleanExplanation {
  readonly code: CleanCode;
  /** 1-based number of the CLEAN in the plan. */
  readonly clean: number;
  /** 1-based block this CLEAN closes (null for the first CLEAN). */
  readonly closesBlock: number | null;
  /** 1-based block this CLEAN opens. */
  readonly opensBlock: number;
  /** Hours from the plan's start at which the CLEAN begins. */
  readonly atHours: number;
  readonly windowHours: number;
  /** Fill and changeover hours of the closed block, their sum, and what the window had left. */
  readonly fillHours: number;
  readonly changeoverHours: number;
  readonly usedHours: number;
  readonly leftHours: number;
  /** The lot that opens the next block and what it would have needed in the closed one. */
  readonly nextLot: {
    readonly id: string;
    readonly type: string;
    readonly fillHours: number;
    readonly changeoverHours: number;
    readonly neededHours: number;
  } | null;
  readonly slack: {
    readonly code: SlackCode;
    /** The later lot that would save the most (or cost the least) if moved into the slack. */
    readonly best: LaterFit | null;
  };
  readonly sentence: string;
}

/** Later lots examined per closed block when looking for one that fits (bounds the work). */
const MAX_SCAN = 4000;

/** How a strategy of this kind picks lots: the reason it left a saving move undone. */
export interface StrategyTraits {
  readonly name: string;
  readonly kind: "heuristic" | "optimizer";
  /** What ended an optimizer's search before it was done: its time limit or the user. */
  readonly stoppedBy: "time limit" | "user" | null;
}

/** Changeover hours saved when lot `k` leaves `block` (its neighbours then meet). */
function changeoverSavedByRemoving(block: readonly Lot[], k: number, config: LineConfig): number {
  const prev = k > 0 ? block[k - 1]!.type : null;
  const next = k + 1 < block.length ? block[k + 1]!.type : null;
  const lot = block[k]!;
  const before = changeoverHours(prev, lot.type, config) +
    (next === null ? 0 : changeoverHours(lot.type, next, config));
  const after = next === null ? 0 : changeoverHours(prev, next, config);
  return before - after;
}

/**
 * Every CLEAN of `schedule` explained, in order; block usage and times come from its KPIs and
 * activities, which already measured them.
 */
export function explainCleans(schedule: Schedule, traits: StrategyTraits): CleanExplanation[] {
  const { plan, config } = schedule;
  const W = config.windowHours;
  const out: CleanExplanation[] = [];
  const usage = schedule.kpis.blocks.map((b) => ({
    fill: b.fillHours,
    chg: b.changeoverHours,
    used: b.usedHours,
  }));
  const cleanAt = schedule.activities.filter((a) => a.kind === "CLEAN").map((a) => a.startH);
  // The downtime each CLEAN waited for: it starts after the previous activity has ended.
  const waited = new Map<number, { startH: number; endH: number; reason: string }>();
  schedule.activities.forEach((a, k) => {
    const prevEnd = schedule.activities[k - 1]?.endH ?? 0;
    if (a.kind !== "CLEAN" || a.startH <= prevEnd + EPS_HOURS) return;
    const d = schedule.calendar?.find((x) => x.startH < a.startH && x.endH > prevEnd);
    if (d) waited.set(a.block, d);
  });
  const mayFit = laterLotMayFit(plan, usage.map((u) => W - u.used), config);
  plan.forEach((block, b) => {
    if (b === 0) {
      out.push({
        code: "CLEAN_START",
        clean: 1,
        closesBlock: null,
        opensBlock: 1,
        atHours: cleanAt[0] ?? 0,
        windowHours: W,
        fillHours: 0,
        changeoverHours: 0,
        usedHours: 0,
        leftHours: W,
        nextLot: null,
        slack: { code: "NO_LATER_LOT_FITS", best: null },
        sentence: waited.has(0)
          ? `CLEAN 1 at ${formatHours(cleanAt[0] ?? 0)} h: the line is cleaned before its first ` +
            `use, once it is available again (unavailable until ${
              formatHours(waited.get(0)!.endH)
            } h${waited.get(0)!.reason ? `, ${waited.get(0)!.reason}` : ""}).`
          : "CLEAN 1 at 0 h: the line is cleaned before its first use.",
      });
      return;
    }
    const closed = plan[b - 1]!;
    const u = usage[b - 1]!;
    const left = W - u.used;
    const first = block[0]!;
    const lastType = closed[closed.length - 1]!.type;
    const nextChg = changeoverHours(lastType, first.type, config);
    const nextFill = fillHours(first, config);
    const needed = nextChg + nextFill;
    const fits = needed <= left + EPS_HOURS;
    const best = mayFit[b - 1] ? bestLaterFit(plan, b - 1, left, config) : null;
    const slackCode: SlackCode = best === null
      ? "NO_LATER_LOT_FITS"
      : best.deltaHours < -EPS_HOURS
      ? "LATER_LOT_FITS_WOULD_SAVE"
      : "LATER_LOT_FITS_NO_GAIN";
    const head = `Block ${b} closes at ${formatHours(u.used)} h of ${formatHours(W)} h`;
    const down = waited.get(b);
    const nextPart = down
      ? `the line is unavailable from ${formatHours(down.startH)} h to ${formatHours(down.endH)} h${
        down.reason ? ` (${down.reason})` : ""
      } and restarts with CLEAN ${b + 1} at ${formatHours(cleanAt[b]!)} h`
      : fits
      ? `lot ${first.id} would fit (needs ${formatHours(needed)} h, ${
        formatHours(left)
      } h are left), but the plan opens block ${b + 1} with it`
      : `lot ${first.id} needs ${formatHours(needed)} h, ${formatHours(left)} h are left`;
    out.push({
      code: down
        ? "CLEAN_AFTER_DOWNTIME"
        : fits
        ? "CLEAN_NEXT_LOT_WOULD_FIT"
        : "CLEAN_NEXT_LOT_DOES_NOT_FIT",
      clean: b + 1,
      closesBlock: b,
      opensBlock: b + 1,
      atHours: cleanAt[b]!,
      windowHours: W,
      fillHours: u.fill,
      changeoverHours: u.chg,
      usedHours: u.used,
      leftHours: left,
      nextLot: {
        id: first.id,
        type: first.type,
        fillHours: nextFill,
        changeoverHours: nextChg,
        neededHours: needed,
      },
      slack: { code: slackCode, best },
      sentence: `${head}: ${nextPart}. ${slackSentence(slackCode, best, left, traits)}`,
    });
  });
  return out;
}

/**
 * For each block, whether some lot of a later block could fit its `left` hours (exact, from the
 * smallest fill per type among later lots): the per-lot scan then runs only where it can find
 * something, which keeps explanations of 10,000-lot plans fast.
 */
function laterLotMayFit(plan: Plan, left: readonly number[], config: LineConfig): boolean[] {
  const out = new Array<boolean>(plan.length).fill(false);
  const minByType = new Map<string, number>();
  let minAll = Infinity;
  for (let c = plan.length - 2; c >= 0; c--) {
    for (const lot of plan[c + 1]!) {
      const f = fillHours(lot, config);
      minAll = Math.min(minAll, f);
      minByType.set(lot.type, Math.min(minByType.get(lot.type) ?? Infinity, f));
    }
    const room = left[c]! + EPS_HOURS;
    // A lot of a type the block has needs chgSame next to it; any other needs chgDiff (as a lot
    // of a present type needs no more, the smallest fill overall decides that case).
    let may = minAll + config.chgDiffHours <= room;
    for (const t of new Set(plan[c]!.map((l) => l.type))) {
      if (may) break;
      may = (minByType.get(t) ?? Infinity) + config.chgSameHours <= room;
    }
    out[c] = may;
  }
  return out;
}

/**
 * The later lot that fits into block `closed`'s `left` hours with the best makespan change if it
 * moved there (placed next to its own type when the block has it), or null when none fits.
 */
function bestLaterFit(
  plan: Plan,
  closed: number,
  left: number,
  config: LineConfig,
): LaterFit | null {
  const types = new Set(plan[closed]!.map((l) => l.type));
  const lastType = plan[closed]![plan[closed]!.length - 1]!.type;
  let best: LaterFit | null = null;
  let scanned = 0;
  for (let j = closed + 1; j < plan.length && scanned < MAX_SCAN; j++) {
    const block = plan[j]!;
    for (let k = 0; k < block.length && scanned < MAX_SCAN; k++, scanned++) {
      const lot = block[k]!;
      // Next to a lot of its own type when the block has one, else after the block's last lot.
      const chgIn = changeoverHours(types.has(lot.type) ? lot.type : lastType, lot.type, config);
      const needed = fillHours(lot, config) + chgIn;
      if (needed > left + EPS_HOURS) continue;
      // The lot leaves block j: its changeovers there go, or the whole block and its CLEAN.
      const saved = block.length === 1
        ? config.cleanHours
        : changeoverSavedByRemoving(block, k, config);
      const delta = chgIn - saved;
      if (!best || delta < best.deltaHours - EPS_HOURS) {
        best = {
          lotId: lot.id,
          type: lot.type,
          block: j + 1,
          neededHours: needed,
          deltaHours: delta,
        };
      }
    }
  }
  return best;
}

function slackSentence(
  code: SlackCode,
  best: LaterFit | null,
  left: number,
  traits: StrategyTraits,
): string {
  if (code === "NO_LATER_LOT_FITS" || !best) {
    return `No later lot fits in the ${formatHours(left)} h left.`;
  }
  const fit = `Lot ${best.lotId} (block ${best.block}) would fit in the ${
    formatHours(left)
  } h left (needs ${formatHours(best.neededHours)} h)`;
  if (code === "LATER_LOT_FITS_NO_GAIN") {
    const why = best.deltaHours > EPS_HOURS
      ? `it would add ${formatHours(best.deltaHours)} h of changeover`
      : "the hours it frees in its own block would only move, not vanish, and its block keeps its CLEAN";
    return `${fit}, but moving it would not shorten the plan: ${why}.`;
  }
  const save = `moving it would save ${formatHours(-best.deltaHours)} h`;
  const why = traits.kind === "optimizer"
    ? traits.stoppedBy === "time limit"
      ? `${traits.name} stopped at its time limit before finding this move`
      : traits.stoppedBy === "user"
      ? `${traits.name} was stopped early by the user before finding this move`
      : `${traits.name} ended its search before finding this move`
    : traits.name === "given-order"
    ? "given-order keeps the input order and never moves a lot forward"
    : `${traits.name} appends the lot it picks at the end of the block and never revisits a closed block`;
  return `${fit} and ${save}; ${why}.`;
}
