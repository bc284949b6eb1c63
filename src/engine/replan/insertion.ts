/**
 * Where a rush lot fits: every place it can go in a plan (a block and a position in it, or a new
 * block of its own), each costed from the few blocks it changes instead of re-planning. A block
 * the lot overfills either pushes its last lots into the next block (which may push on) or hands
 * them to a new block right after it.
 */
import type { Downtime, LineConfig, Lot, Plan } from "../model.ts";
import { timePlan } from "../planner.ts";
import { changeoverHours, fillHours, fitsWindow } from "../rules.ts";
import { usedHours } from "./frozen.ts";

/** How the lot goes in. */
export type InsertKind = "into-block" | "push-on" | "split-block" | "new-block";

/** A place for the lot: position `position` of block `block` (0-based), or a new block there. */
export interface InsertAt {
  readonly kind: InsertKind;
  readonly block: number;
  readonly position: number;
}

/** A lot that changes block because of the insertion (indices in the plan after it). */
export interface LotMove {
  readonly lotId: string;
  readonly fromBlock: number;
  readonly toBlock: number;
}

/** One ranked place with what it costs. */
export interface InsertOption extends InsertAt {
  readonly makespanDeltaHours: number;
  readonly cleansDelta: number;
  readonly moved: readonly LotMove[];
}

/** The first place a lot may go: positions before it are frozen. */
export interface FirstFree {
  readonly block: number;
  readonly position: number;
}

/**
 * How many following blocks a push may run through before what is still left over opens a new
 * block: keeps each place's cost (and the lots it disturbs) local, so ranking stays linear.
 */
export const MAX_PUSH_BLOCKS = 3;

interface Edit {
  /** Only the lot itself overflowed: the same as placing it in the next or a new block. */
  readonly redundant: boolean;
  /** Blocks replaced by new contents (index in the old plan). */
  readonly replaced: ReadonlyMap<number, Lot[]>;
  /** New blocks, each inserted before the old block of its index (plan length = at the end). */
  readonly added: readonly { readonly before: number; readonly lots: Lot[] }[];
  /** `to` is an old block's index, or `added` the index of a new block in `added`. */
  readonly moved: readonly {
    readonly lotId: string;
    readonly from: number;
    readonly to: number;
    readonly added: number | null;
  }[];
}

/** Every place for `lot` in `plan` at or after `firstFree`, best first (see `compareOptions`). */
export function rankInsertions(
  plan: Plan,
  lot: Lot,
  config: LineConfig,
  firstFree: FirstFree = { block: 0, position: 0 },
  downtimes: readonly Downtime[] = [],
  /** What the plan becomes before it is timed (e.g. the open block ended at a downtime). */
  prepare: (plan: Lot[][]) => Plan = (p) => p,
): InsertOption[] {
  const used = plan.map((b) => usedHours(b, config));
  const out: InsertOption[] = [];
  const cost = (at: InsertAt): InsertOption[] => {
    const e = editFor(plan, lot, at, config);
    if (e.redundant) return [];
    let delta = 0;
    for (const [i, lots] of e.replaced) delta += usedHours(lots, config) - used[i]!;
    for (const a of e.added) delta += config.cleanHours + usedHours(a.lots, config);
    return [{
      ...at,
      makespanDeltaHours: delta,
      cleansDelta: e.added.length,
      moved: movesOf(e),
    }];
  };
  const chg = (a: string | null, b: string | null) =>
    b === null ? 0 : changeoverHours(a, b, config);
  const fill = fillHours(lot, config);
  for (let b = firstFree.block; b < plan.length; b++) {
    const block = plan[b]!;
    for (let p = b === firstFree.block ? firstFree.position : 0; p <= block.length; p++) {
      const prev = p > 0 ? block[p - 1]!.type : null;
      const next = p < block.length ? block[p]!.type : null;
      const delta = chg(prev, lot.type) + fill + chg(lot.type, next) - chg(prev, next);
      if (fitsWindow(used[b]!, delta, config)) {
        // The common case costs O(1): only this block changes and nothing moves.
        out.push({
          kind: "into-block",
          block: b,
          position: p,
          makespanDeltaHours: delta,
          cleansDelta: 0,
          moved: [],
        });
        continue;
      }
      // Overflowing with the lot alone is the next block's first place or a new block: listed there.
      if (b + 1 < plan.length) out.push(...cost({ kind: "push-on", block: b, position: p }));
      out.push(...cost({ kind: "split-block", block: b, position: p }));
    }
  }
  const firstNew = firstFree.position > 0 ? firstFree.block + 1 : firstFree.block;
  for (let b = firstNew; b <= plan.length; b++) {
    out.push({
      kind: "new-block",
      block: b,
      position: 0,
      makespanDeltaHours: config.cleanHours + fill,
      cleansDelta: 1,
      moved: [],
    });
  }
  return (downtimes.length ? timedAround(plan, lot, config, downtimes, out, prepare) : out)
    .sort(compareOptions);
}

/**
 * Around downtimes a block's hours no longer add up to the makespan (a block may wait or be cut),
 * so each place is timed in full by the planner: linear per place, still no re-planning.
 */
function timedAround(
  plan: Plan,
  lot: Lot,
  config: LineConfig,
  downtimes: readonly Downtime[],
  options: readonly InsertOption[],
  prepare: (plan: Lot[][]) => Plan,
): InsertOption[] {
  const base = timePlan(plan, config, downtimes);
  const end = (blocks: ReturnType<typeof timePlan>) => {
    const last = blocks[blocks.length - 1];
    return last ? last.startH + usedHours(last.lots, config) + config.cleanHours : 0;
  };
  const baseEnd = end(base);
  return options.map((o) => {
    const timed = timePlan(prepare(applyInsertion(plan, lot, o, config)), config, downtimes);
    return {
      ...o,
      makespanDeltaHours: end(timed) - baseEnd,
      cleansDelta: timed.length - base.length,
    };
  });
}

const KIND_ORDER: Record<InsertKind, number> = {
  "into-block": 0,
  "push-on": 1,
  "split-block": 2,
  "new-block": 3,
};

/** Shortest makespan, then fewer cleans, fewer lots moved, earlier place. */
export function compareOptions(a: InsertOption, b: InsertOption): number {
  const dm = a.makespanDeltaHours - b.makespanDeltaHours;
  if (Math.abs(dm) > 1e-9) return dm;
  return a.cleansDelta - b.cleansDelta || a.moved.length - b.moved.length ||
    a.block - b.block || a.position - b.position || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

/** The plan with `lot` placed at `at`, exactly as `rankInsertions` costed it. */
export function applyInsertion(plan: Plan, lot: Lot, at: InsertAt, config: LineConfig): Lot[][] {
  return applyEdit(plan, editFor(plan, lot, at, config));
}

function applyEdit(plan: Plan, e: Edit): Lot[][] {
  const out: Lot[][] = [];
  for (let i = 0; i <= plan.length; i++) {
    for (const a of e.added) if (a.before === i) out.push(a.lots);
    if (i < plan.length) out.push(e.replaced.get(i) ?? [...plan[i]!]);
  }
  return out.filter((b) => b.length > 0);
}

/** Where moved lots end, as indices of the plan after the edit. */
function movesOf(e: Edit): LotMove[] {
  const before = (i: number) => e.added.filter((a) => a.before < i).length;
  const at = (m: Edit["moved"][number]) => {
    if (m.added === null) return m.to + before(m.to + 1);
    const a = e.added[m.added]!;
    return a.before + before(a.before) +
      e.added.slice(0, m.added).filter((x) => x.before === a.before).length;
  };
  return e.moved.map((m) => ({ lotId: m.lotId, fromBlock: m.from, toBlock: at(m) }));
}

/** The blocks an insertion changes and the lots it moves. */
function editFor(plan: Plan, lot: Lot, at: InsertAt, config: LineConfig): Edit {
  const replaced = new Map<number, Lot[]>();
  const added: { before: number; lots: Lot[] }[] = [];
  const moved: Edit["moved"][number][] = [];
  if (at.kind === "new-block") {
    added.push({ before: at.block, lots: [lot] });
    return { redundant: false, replaced, added, moved };
  }
  const block = plan[at.block]!;
  let lots = [...block.slice(0, at.position), lot, ...block.slice(at.position)];
  let b = at.block;
  let redundant = false;
  for (;;) {
    const { keep, carry } = splitToFit(lots, config);
    if (b === at.block) redundant = carry.length === 1 && carry[0] === lot;
    replaced.set(b, keep);
    if (!carry.length) break;
    const pushedFar = b - at.block >= MAX_PUSH_BLOCKS;
    if (at.kind === "split-block" || b + 1 >= plan.length || pushedFar) {
      // New blocks right after this one, as many as the carried lots need.
      for (let rest = carry; rest.length;) {
        const next = splitToFit(rest, config);
        for (const l of next.keep) {
          if (l !== lot) moved.push({ lotId: l.id, from: b, to: b + 1, added: added.length });
        }
        added.push({ before: b + 1, lots: next.keep });
        rest = next.carry;
      }
      break;
    }
    for (const l of carry) {
      if (l !== lot) moved.push({ lotId: l.id, from: b, to: b + 1, added: null });
    }
    b++;
    lots = [...carry, ...plan[b]!];
  }
  // A lot pushed on twice reports where it came from and where it ended.
  const byLot = new Map<string, Edit["moved"][number]>();
  for (const m of moved) {
    const first = byLot.get(m.lotId);
    byLot.set(m.lotId, first ? { ...m, from: first.from } : m);
  }
  return { redundant, replaced, added, moved: [...byLot.values()] };
}

/** The longest head of `lots` that fits one block, and the rest. */
export function splitToFit(lots: Lot[], config: LineConfig): { keep: Lot[]; carry: Lot[] } {
  let used = 0;
  let n = 0;
  for (; n < lots.length; n++) {
    const add = changeoverHours(n ? lots[n - 1]!.type : null, lots[n]!.type, config) +
      fillHours(lots[n]!, config);
    // The first lot always stays: every lot fits an empty window.
    if (n > 0 && !fitsWindow(used, add, config)) break;
    used += add;
  }
  return { keep: lots.slice(0, n), carry: lots.slice(n) };
}
