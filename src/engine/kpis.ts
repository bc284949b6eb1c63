/** KPIs of a schedule, derived from its activities alone. */
import type { Activity, BlockSummary, Kpis, LineConfig } from "./model.ts";

/** Makespan, hour totals, utilisation and per-block window use. */
export function computeKpis(activities: readonly Activity[], config: LineConfig): Kpis {
  let clean = 0, changeover = 0, fill = 0, lots = 0;
  const blocks: { lotIds: string[]; types: Set<string>; fill: number; chg: number }[] = [];
  for (const a of activities) {
    if (a.kind === "CLEAN") {
      clean += a.hours;
      blocks.push({ lotIds: [], types: new Set(), fill: 0, chg: 0 });
      continue;
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
  }
  const makespan = activities.length
    ? activities[activities.length - 1]!.endH - activities[0]!.startH
    : 0;
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
  };
}
