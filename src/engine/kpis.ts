/** KPIs of a schedule, derived from its activities alone. */
import type { Activity, BlockSummary, Kpis, LineConfig } from "./model.ts";

/** Makespan, hour totals (idle: the line standing between blocks), utilisation and window use. */
export function computeKpis(activities: readonly Activity[], config: LineConfig): Kpis {
  let clean = 0, changeover = 0, fill = 0, lots = 0, idle = 0;
  const blocks: { lotIds: string[]; types: Set<string>; fill: number; chg: number }[] = [];
  activities.forEach((a, k) => {
    if (k > 0) idle += Math.max(0, a.startH - activities[k - 1]!.endH);
    if (a.kind === "CLEAN") {
      clean += a.hours;
      blocks.push({ lotIds: [], types: new Set(), fill: 0, chg: 0 });
      return;
    }
    const cur = blocks[blocks.length - 1];
    if (a.kind === "CHANGEOVER") {
      changeover += a.hours;
      if (cur) cur.chg += a.hours;
    } else {
      fill += a.hours;
      lots++;
      if (cur) {
        cur.fill += a.hours;
        cur.lotIds.push(a.lotId ?? "");
        cur.types.add(a.lotType ?? "");
      }
    }
  });
  // Hours count from the schedule's start (hour 0): the line may wait for a downtime to end.
  const origin = activities.length ? Math.min(0, activities[0]!.startH) : 0;
  if (activities.length) idle += activities[0]!.startH - origin;
  const makespan = activities.length ? activities[activities.length - 1]!.endH - origin : 0;
  const summaries: BlockSummary[] = blocks.map((b, index) => ({
    index,
    lotIds: b.lotIds,
    types: b.types.size,
    fillHours: b.fill,
    changeoverHours: b.chg,
    usedHours: b.fill + b.chg,
    windowUse: (b.fill + b.chg) / config.windowHours,
  }));
  return {
    makespanHours: makespan,
    cleanHours: clean,
    changeoverHours: changeover,
    fillHours: fill,
    lots,
    cleans: blocks.length,
    utilization: makespan > 0 ? fill / makespan : 0,
    blocks: summaries,
    idleHours: idle,
  };
}
