/** Turns a plan (ordered blocks of lots) into contiguous timed activities, in one pure pass. */
import type { Activity, LineConfig, Lot, Plan } from "./model.ts";
import { changeoverHours, fillHours } from "./rules.ts";

/** Every activity of `plan`, starting with a CLEAN at hour 0; no CLEAN after the last block. */
export function planActivities(plan: Plan, config: LineConfig): Activity[] {
  const out: Activity[] = [];
  let t = 0;
  const push = (a: Omit<Activity, "startH" | "endH">) => {
    out.push({ ...a, startH: t, endH: t + a.hours });
    t += a.hours;
  };
  plan.forEach((block, b) => {
    push({
      kind: "CLEAN",
      hours: config.cleanHours,
      lotId: null,
      lotType: null,
      note: b === 0 ? "initial clean" : `clean before block ${b + 1}`,
      block: b,
    });
    let prev: string | null = null;
    for (const lot of block) {
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
export function planMakespan(plan: Plan, config: LineConfig): number {
  let t = 0;
  for (const block of plan) {
    t += config.cleanHours;
    let prev: string | null = null;
    for (const lot of block) {
      if (prev !== null) t += changeoverHours(prev, lot.type, config);
      t += fillHours(lot, config);
      prev = lot.type;
    }
  }
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
