/**
 * Turns a plan (ordered blocks of lots) into timed activities, in one pure pass. Without a
 * calendar the activities are contiguous; with one, a block that would overlap a downtime is
 * split (it ends before the downtime and the line restarts after it with a CLEAN) or waits, which
 * ever finishes its lots first.
 */
import type { Activity, Downtime, LineConfig, Lot, Plan } from "./model.ts";
import { changeoverHours, fillHours } from "./rules.ts";
import { earliestFit } from "./calendar.ts";

/** A block as it runs: its lots and the hour its CLEAN starts. */
export interface TimedBlock {
  readonly lots: readonly Lot[];
  readonly startH: number;
  /** Whether the block waited for or was cut by a downtime (its CLEAN follows one). */
  readonly afterDowntime: boolean;
}

/**
 * The hour a block whose CLEAN starts at `startH` ends, summed activity by activity as
 * blockActivities lays them out, so the two agree to the last bit.
 */
function blockEnd(startH: number, lots: readonly Lot[], config: LineConfig): number {
  let t = startH + config.cleanHours;
  let prev: string | null = null;
  for (const lot of lots) {
    if (prev !== null) t += changeoverHours(prev, lot.type, config);
    t += fillHours(lot, config);
    prev = lot.type;
  }
  return t;
}

/**
 * The blocks of `plan` as they run around `downtimes` (sorted, disjoint, hours from the start).
 * Each plan block is cut into the consecutive runs that finish its lots earliest: the end of a
 * block is all that later blocks depend on, and fitting later never ends earlier, so this is the
 * best timing of the plan's order. Ties keep fewer cuts.
 */
export function timePlan(
  plan: Plan,
  config: LineConfig,
  downtimes: readonly Downtime[] = [],
): TimedBlock[] {
  const out: TimedBlock[] = [];
  let t = 0;
  for (const block of plan) {
    const s = downtimes.length ? earliestFit(downtimes, t, blockEnd(0, block, config)) : t;
    if (s === t || !block.length) {
      out.push({ lots: block, startH: s, afterDowntime: s > t });
      t = blockEnd(s, block, config);
      continue;
    }
    cutAroundDowntimes(block, config, downtimes, t, out);
    const last = out[out.length - 1]!;
    t = blockEnd(last.startH, last.lots, config);
  }
  return out;
}

/** Appends the earliest-finishing cut of `block` starting no earlier than `t0`. */
function cutAroundDowntimes(
  block: readonly Lot[],
  config: LineConfig,
  downtimes: readonly Downtime[],
  t0: number,
  out: TimedBlock[],
): void {
  const k = block.length;
  // fill[i]: fills of lots 0..i-1; chg[i]: changeovers before lots 1..i-1.
  const fill = new Float64Array(k + 1), chg = new Float64Array(k + 1);
  for (let i = 0; i < k; i++) {
    fill[i + 1] = fill[i]! + fillHours(block[i]!, config);
    chg[i + 1] = chg[i]! +
      (i > 0 ? changeoverHours(block[i - 1]!.type, block[i]!.type, config) : 0);
  }
  const span = (j: number, i: number) =>
    config.cleanHours + fill[i]! - fill[j]! + chg[i]! - chg[j + 1]!;
  const end = new Float64Array(k + 1), cuts = new Int32Array(k + 1);
  const from = new Int32Array(k + 1), at = new Float64Array(k + 1);
  end[0] = t0;
  for (let i = 1; i <= k; i++) {
    end[i] = Infinity;
    for (let j = 0; j < i; j++) {
      const len = span(j, i);
      const s = earliestFit(downtimes, end[j]!, len);
      const e = s + len;
      if (e < end[i]! || (e === end[i]! && cuts[j]! + 1 < cuts[i]!)) {
        end[i] = e;
        cuts[i] = cuts[j]! + 1;
        from[i] = j;
        at[i] = s;
      }
    }
  }
  const runs: TimedBlock[] = [];
  for (let i = k; i > 0; i = from[i]!) {
    const j = from[i]!;
    runs.push({ lots: block.slice(j, i), startH: at[i]!, afterDowntime: at[i]! > end[j]! });
  }
  out.push(...runs.reverse());
}

/** Every activity of `plan`, starting with a CLEAN; no CLEAN after the last block. */
export function planActivities(
  plan: Plan,
  config: LineConfig,
  downtimes: readonly Downtime[] = [],
): Activity[] {
  return blockActivities(timePlan(plan, config, downtimes), config);
}

/** The activities of timed blocks, each block from its CLEAN on. */
export function blockActivities(blocks: readonly TimedBlock[], config: LineConfig): Activity[] {
  const out: Activity[] = [];
  blocks.forEach((tb, b) => {
    let t = tb.startH;
    const push = (a: Omit<Activity, "startH" | "endH">) => {
      out.push({ ...a, startH: t, endH: t + a.hours });
      t += a.hours;
    };
    push({
      kind: "CLEAN",
      hours: config.cleanHours,
      lotId: null,
      lotType: null,
      note: b === 0
        ? "initial clean"
        : tb.afterDowntime
        ? `restart after downtime, before block ${b + 1}`
        : `clean before block ${b + 1}`,
      block: b,
    });
    let prev: string | null = null;
    for (const lot of tb.lots) {
      if (prev !== null) {
        push({
          kind: "CHANGEOVER",
          hours: changeoverHours(prev, lot.type, config),
          lotId: null,
          lotType: null,
          note: prev === lot.type ? `same type ${lot.type}` : `${prev} -> ${lot.type}`,
          block: b,
        });
      }
      push({
        kind: "FILL",
        hours: fillHours(lot, config),
        lotId: lot.id,
        lotType: lot.type,
        note: `${lot.vials} vials`,
        block: b,
      });
      prev = lot.type;
    }
  });
  return out;
}

/**
 * The makespan of `plan` without building its activities: the same sum in the same order as
 * planActivities, so it equals the last activity's end exactly.
 */
export function planMakespan(
  plan: Plan,
  config: LineConfig,
  downtimes: readonly Downtime[] = [],
): number {
  if (downtimes.length) {
    const blocks = timePlan(plan, config, downtimes);
    const last = blocks[blocks.length - 1];
    return last ? blockEnd(last.startH, last.lots, config) : 0;
  }
  let t = 0;
  for (const block of plan) t = blockEnd(t, block, config);
  return t;
}

/**
 * Groups lots of one type together inside each block, keeping first-seen type order and the
 * order within a type (never worse). Blocks hold few lots, so one pass per type beats a Map and
 * arrays per block (0.2–0.6 s on 20,000 lots).
 */
export function groupTypesInBlocks(plan: Plan): Plan {
  return plan.map((block) => {
    const taken = new Uint8Array(block.length);
    const out: Lot[] = [];
    for (let x = 0; x < block.length; x++) {
      if (taken[x]) continue;
      const type = block[x]!.type;
      for (let y = x; y < block.length; y++) {
        if (!taken[y] && block[y]!.type === type) {
          taken[y] = 1;
          out.push(block[y]!);
        }
      }
    }
    return out;
  });
}
