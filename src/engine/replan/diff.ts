/** What changed between two versions of a schedule: lots moved, added, removed, blocks, KPIs. */
import type { Lot, Schedule } from "../model.ts";

/** Where a lot is: block and position in it, 0-based. */
export interface LotPlace {
  readonly block: number;
  readonly position: number;
}

export interface LotMoveDiff {
  readonly lotId: string;
  readonly from: LotPlace;
  readonly to: LotPlace;
}

export interface KpiDelta {
  readonly a: number;
  readonly b: number;
  /** b − a. */
  readonly delta: number;
}

export interface ScheduleDiff {
  /** Lots in both that are in another block (blocks paired by the lots they share). */
  readonly moved: readonly LotMoveDiff[];
  /** Lots in both whose position inside the same block changed. */
  readonly reordered: readonly LotMoveDiff[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly vialsChanged: readonly {
    readonly lotId: string;
    readonly a: number;
    readonly b: number;
  }[];
  /** Blocks of `b` with no counterpart in `a`, and the reverse (0-based indices). */
  readonly blocksAdded: readonly { readonly index: number; readonly lotIds: readonly string[] }[];
  readonly blocksRemoved: readonly { readonly index: number; readonly lotIds: readonly string[] }[];
  readonly kpis: {
    readonly makespanHours: KpiDelta;
    readonly cleans: KpiDelta;
    readonly changeoverHours: KpiDelta;
    readonly fillHours: KpiDelta;
    readonly utilization: KpiDelta;
    readonly lowerBoundHours: KpiDelta;
    readonly gapPct: KpiDelta;
  };
}

function places(plan: Schedule["plan"]): Map<string, LotPlace & { lot: Lot }> {
  const out = new Map<string, LotPlace & { lot: Lot }>();
  plan.forEach((block, b) =>
    block.forEach((lot, p) => out.set(lot.id, { block: b, position: p, lot }))
  );
  return out;
}

/**
 * Blocks of `a` paired one-to-one with blocks of `b`, most shared lots first: a block that gained
 * or lost a lot is still the same block.
 */
function matchBlocks(
  pa: Map<string, LotPlace>,
  pb: Map<string, LotPlace>,
): { aToB: Map<number, number>; bToA: Map<number, number> } {
  const shared = new Map<string, { a: number; b: number; n: number }>();
  for (const [id, x] of pa) {
    const y = pb.get(id);
    if (!y) continue;
    const key = `${x.block},${y.block}`;
    const e = shared.get(key) ?? { a: x.block, b: y.block, n: 0 };
    e.n++;
    shared.set(key, e);
  }
  const aToB = new Map<number, number>(), bToA = new Map<number, number>();
  const pairs = [...shared.values()].sort((x, y) => y.n - x.n || x.a - y.a || x.b - y.b);
  for (const e of pairs) {
    if (aToB.has(e.a) || bToA.has(e.b)) continue;
    aToB.set(e.a, e.b);
    bToA.set(e.b, e.a);
  }
  return { aToB, bToA };
}

/** The differences from `a` to `b`. */
export function diffSchedules(a: Schedule, b: Schedule): ScheduleDiff {
  const pa = places(a.plan), pb = places(b.plan);
  const { aToB, bToA } = matchBlocks(pa, pb);
  const moved: LotMoveDiff[] = [];
  const reordered: LotMoveDiff[] = [];
  const vialsChanged: ScheduleDiff["vialsChanged"][number][] = [];
  for (const [id, from] of pa) {
    const to = pb.get(id);
    if (!to) continue;
    if (from.lot.vials !== to.lot.vials) {
      vialsChanged.push({ lotId: id, a: from.lot.vials, b: to.lot.vials });
    }
    const m = {
      lotId: id,
      from: { block: from.block, position: from.position },
      to: { block: to.block, position: to.position },
    };
    if (aToB.get(from.block) !== to.block) moved.push(m);
    else if (from.position !== to.position) reordered.push(m);
  }
  const d = (x: number, y: number): KpiDelta => ({ a: x, b: y, delta: y - x });
  const unmatched = (plan: Schedule["plan"], matched: Map<number, number>) =>
    plan.flatMap((blk, index) =>
      matched.has(index) ? [] : [{ index, lotIds: blk.map((l) => l.id) }]
    );
  return {
    moved,
    reordered,
    added: [...pb.keys()].filter((id) => !pa.has(id)),
    removed: [...pa.keys()].filter((id) => !pb.has(id)),
    vialsChanged,
    blocksAdded: unmatched(b.plan, bToA),
    blocksRemoved: unmatched(a.plan, aToB),
    kpis: {
      makespanHours: d(a.kpis.makespanHours, b.kpis.makespanHours),
      cleans: d(a.kpis.cleans, b.kpis.cleans),
      changeoverHours: d(a.kpis.changeoverHours, b.kpis.changeoverHours),
      fillHours: d(a.kpis.fillHours, b.kpis.fillHours),
      utilization: d(a.kpis.utilization, b.kpis.utilization),
      lowerBoundHours: d(a.bound.lowerBoundHours, b.bound.lowerBoundHours),
      gapPct: d(a.bound.gapPct, b.bound.gapPct),
    },
  };
}
