/**
 * Exact pricing for column generation: the knapsack with setups.
 *
 * Given a value π_g per lot of group g, find a block (a pattern) maximizing its profit
 * P = Σ (π_g − a_g) − e·types subject to Σ a_g + e·types ≤ capacity; a pattern's reduced cost is
 * u − P. Lots with π_g ≤ a_g never raise the profit (dropping them keeps a pattern feasible),
 * so only the others are items.
 *
 * Method: depth-first branch and bound over items sorted by type, pruned by a dynamic program
 * over a grid of the capacity with every weight rounded DOWN. Rounding down only loosens the
 * capacity constraint, so the table is a valid upper bound for every subtree, and the search is
 * exact. When the node budget runs out the result is still valid: `upperProfit` is then the
 * table's bound for the whole problem.
 */
import type { PackingForm } from "../packing/mod.ts";
import { EPS_HOURS } from "../rules.ts";
import { type Budget, spent, spentEvery } from "../budget.ts";
import { knapsackPricing } from "./knapsack_pricing.ts";

/** A pattern found by pricing: group indices, one entry per lot, and its profit. */
export interface PricedPattern {
  readonly groups: readonly number[];
  readonly profit: number;
}

export interface PricingResult {
  /** Patterns with profit above the threshold, best last. */
  readonly patterns: readonly PricedPattern[];
  /** A valid upper bound on the profit of every non-empty pattern. */
  readonly upperProfit: number;
  /** Whether the search finished (then `upperProfit` is the exact maximum, or ≤ the threshold). */
  readonly exact: boolean;
}

export interface PricingOptions {
  /** Patterns are reported only when their profit exceeds this. */
  readonly threshold: number;
  /** Search nodes before giving up on exactness (default 200,000). */
  readonly nodeLimit?: number;
  /** Grid cells of the bounding table (default: see tableCells); asks for the search itself. */
  readonly cells?: number;
  /** Time allowed; when it runs out the search stops as at the node limit. */
  readonly budget?: Budget;
  /**
   * A profit the caller needs no pattern proven below (column generation's bound is then good
   * enough): the search also cuts where it cannot beat this, so its `upperProfit` is at least
   * it. Patterns above the threshold met on the way are still reported.
   */
  readonly enough?: number;
}

const PROFIT_EPS = 1e-9;
/** Most patterns one search returns (its best), and most it keeps on the way. */
const MAX_FOUND = 40;
const KEPT_FOUND = 10 * MAX_FOUND;

/**
 * Most grid cells of the bounding table over all items: its build time and memory grow with
 * items × cells, so many items get a coarser grid (a looser table, never a wrong one). Up to
 * 1,024 items keep the full 2,048 cells.
 */
const TABLE_CELLS = 1 << 21;

/** Grid cells for `items` items. */
function tableCells(items: number): number {
  return Math.max(256, Math.min(2048, Math.floor(TABLE_CELLS / Math.max(1, items))));
}

/** Table rows built between clock reads. */
const ROWS_PER_CHECK = 64;
/** Search nodes between clock reads. */
const NODES_PER_CHECK = 1024;

/**
 * The bounding table's memory, kept between searches: a pricing of 200 items built a 6 MB table
 * each time, and allocating it cost more than filling it. Each search uses it only while it
 * runs (synchronously), so one buffer serves them all. Tables above KEPT_CELLS (tens of
 * thousands of lots) are allocated per search as before, so a process never holds more.
 */
const KEPT_CELLS = 1 << 22;
let tableMemory = new Float64Array(0);
/** Counts search spaces built: a PatternSearch refuses to run once another took the memory. */
let generation = 0;
function tableBuffer(cells: number): Float64Array {
  if (cells > KEPT_CELLS) return new Float64Array(cells);
  if (tableMemory.length < cells) {
    tableMemory = new Float64Array(Math.min(KEPT_CELLS, Math.ceil(cells * 1.25)));
  }
  return tableMemory;
}

/**
 * Items (lot copies) by type and profit per hour, with the rounded-down bounding table; null
 * when the budget ran out while building the table.
 */
function searchSpace(
  form: PackingForm,
  values: readonly number[],
  opts: { allItems: boolean; cells?: number; budget?: Budget },
) {
  const e = form.setup;
  const cap = form.capacity + EPS_HOURS;
  const order = form.groups.map((_, i) => i)
    .filter((g) => opts.allItems || values[g]! - form.groups[g]!.size > PROFIT_EPS)
    .sort((x, y) => {
      const gx = form.groups[x]!;
      const gy = form.groups[y]!;
      return gx.type - gy.type ||
        (values[y]! - gy.size) / gy.size - (values[x]! - gx.size) / gx.size;
    });
  const itemGroup: number[] = [];
  for (const g of order) {
    const group = form.groups[g]!;
    const copies = Math.min(group.lots.length, Math.floor(cap / group.size));
    for (let k = 0; k < copies; k++) itemGroup.push(g);
  }
  const m = itemGroup.length;
  // Typed arrays: the search reads them at every node.
  const type = Int32Array.from(itemGroup, (g) => form.groups[g]!.type);
  const size = Float64Array.from(itemGroup, (g) => form.groups[g]!.size);
  const profit = Float64Array.from(itemGroup, (g) => values[g]! - form.groups[g]!.size);
  // The first item of the next group (a group's copies are interchangeable: skipping one skips
  // them all), and whether item j + 1 is of j's type (then taking j leaves the type open).
  const nextGroup = new Int32Array(m);
  for (let j = m - 1; j >= 0; j--) {
    nextGroup[j] = j + 1 < m && itemGroup[j + 1] === itemGroup[j] ? nextGroup[j + 1]! : j + 1;
  }
  const sameNext = Uint8Array.from(
    itemGroup,
    (_, j) => j + 1 < m && type[j + 1] === type[j] ? 1 : 0,
  );
  const cells = Math.max(16, opts.cells ?? tableCells(m));
  const grid = cap / cells;
  const down = (h: number) => Math.max(0, Math.floor(h / grid - 1e-7));
  const room = (h: number) => Math.max(0, Math.min(cells, Math.floor(h / grid + 1e-7)));
  const wItem = Array.from(size, down);
  const wSetup = down(e);
  // table[(j * 2 + open) * (cells + 1) + w]: best relaxed profit from item j on, with room w.
  const width = cells + 1;
  // Without setups, whether the item's type is open changes nothing: one row per item.
  const rows = e > 0 ? 2 : 1;
  const rowOf = (j: number, open: number) => (j * rows + (rows === 2 ? open : 0)) * width;
  const table = tableBuffer((m + 1) * rows * width);
  table.fill(0, rowOf(m, 0), rowOf(m, 0) + rows * width);
  for (let j = m - 1; j >= 0; j--) {
    if (opts.budget && j % ROWS_PER_CHECK === 0 && spent(opts.budget)) return null;
    const same = j + 1 < m && type[j + 1] === type[j];
    for (let open = 0; open < rows; open++) {
      const skip = rowOf(j + 1, same ? open : 0);
      const takeFrom = rowOf(j + 1, same ? 1 : 0);
      const wt = wItem[j]! + (open ? 0 : wSetup);
      const val = profit[j]! - (open ? 0 : e);
      const row = rowOf(j, open);
      const split = Math.min(width, wt);
      for (let w = 0; w < split; w++) table[row + w] = table[skip + w]!;
      for (let w = split; w < width; w++) {
        const keep = table[skip + w]!;
        const take = val + table[takeFrom + w - wt]!;
        table[row + w] = take > keep ? take : keep;
      }
    }
  }
  generation++;
  return {
    m,
    itemGroup,
    type,
    size,
    profit,
    nextGroup,
    sameNext,
    cap,
    generation,
    /** Upper bound on the profit still to gain from item j on, with `used` hours taken. */
    bound: (j: number, open: number, used: number) => table[rowOf(j, open) + room(cap - used)]!,
    /** Taking item j with `used` hours taken: null when it does not fit, else the state after it. */
    take: (j: number, open: number, used: number) => {
      const add = size[j]! + (open ? 0 : e);
      if (used + add > cap) return null;
      return { open: sameNext[j]!, used: used + add, gain: profit[j]! - (open ? 0 : e) };
    },
    /** Skipping j's group (its copies are interchangeable): the next item and its open flag. */
    skip: (j: number, open: number): [number, number] => {
      const k = nextGroup[j]!;
      return [k, k < m && type[k] === type[j] ? open : 0];
    },
  };
}

/** Maximizes the pattern profit for group values `values` (one per group). */
export function pricePatterns(
  form: PackingForm,
  values: readonly number[],
  opts: PricingOptions,
): PricingResult {
  // Whole sizes and a small capacity: the exact table (unless the search itself is asked for).
  // The table counts the empty pattern (profit 0), so below a negative threshold (a block-count
  // dual above the block's cost, when splitting on blocks) it would hide the best real pattern.
  if (opts.cells === undefined && opts.threshold >= 0) {
    const table = knapsackPricing(form, values, opts.threshold, opts.budget);
    if (table) return table;
  }
  const search = patternSearch(form, values, opts);
  // Out of time before any bound on the profit exists.
  return search ? search(opts) : { patterns: [], upperProfit: Infinity, exact: false };
}

/** Search options of one pricing by a PatternSearch. */
export interface SearchOptions extends PricingOptions {
  /** Groups left out of the patterns (as if valued at their size). */
  readonly without?: ReadonlySet<number>;
}

/**
 * A depth-first pricing at fixed values, to run several times: its bounding table is built once.
 * A search `without` some groups keeps the table of all of them, still a valid (if looser)
 * bound, so it stays exact.
 */
export type PatternSearch = (opts: SearchOptions) => PricingResult;

/** The depth-first pricing at `values`, or null when the budget ran out building its table. */
export function patternSearch(
  form: PackingForm,
  values: readonly number[],
  opts: { readonly cells?: number; readonly budget?: Budget },
): PatternSearch | null {
  const e = form.setup;
  const sp = searchSpace(form, values, {
    allItems: false,
    ...(opts.cells ? { cells: opts.cells } : {}),
    ...(opts.budget ? { budget: opts.budget } : {}),
  });
  if (!sp) return null;
  const { m, itemGroup } = sp;
  const built = sp.generation;
  return (opts) => {
    if (built !== generation) throw new Error("a pattern search ran after another was built");
    const without = opts.without;
    // A lot alone is a pattern too; it matters only when u < 0 makes even poor blocks pay.
    let singleBest = -Infinity;
    let singleGroup = -1;
    form.groups.forEach((g, i) => {
      const p = values[i]! - g.size - e;
      if (p > singleBest && !without?.has(i)) [singleBest, singleGroup] = [p, i];
    });
    // Every pattern above the threshold met on the way is kept (the best MAX_FOUND of them):
    // several columns per master LP.
    const found: PricedPattern[] = [];
    let best = opts.threshold;
    const enough = opts.enough ?? -Infinity;
    let nodes = 0;
    const nodeLimit = opts.nodeLimit ?? 200_000;
    const outOfTime = opts.budget ? spentEvery(opts.budget, NODES_PER_CHECK) : () => false;
    const chosen: number[] = [];
    let aborted = false;
    // Recursion only on "take item j"; skipping to the next group is a loop, so the depth is
    // the number of items in one pattern, not the number of lots (10,000 lots overflowed the
    // stack).
    const skipped = new Uint8Array(form.groups.length);
    for (const g of without ?? []) skipped[g] = 1;
    const { type, size, profit, nextGroup, sameNext, cap } = sp;
    const dfs = (start: number, startOpen: number, used: number, value: number) => {
      if (value > opts.threshold + PROFIT_EPS && chosen.length) {
        if (value > best) best = value;
        if (found.length < KEPT_FOUND) {
          found.push({ groups: chosen.map((i) => itemGroup[i]!), profit: value });
        }
      }
      let j = start, open = startOpen;
      while (j < m && !aborted) {
        if (++nodes > nodeLimit || outOfTime()) {
          aborted = true;
          return;
        }
        if (value + sp.bound(j, open, used) <= Math.max(best, enough) + PROFIT_EPS) return;
        const add = size[j]! + (open ? 0 : e);
        if (used + add <= cap && !skipped[itemGroup[j]!]) {
          chosen.push(j);
          dfs(j + 1, sameNext[j]!, used + add, value + profit[j]! - (open ? 0 : e));
          chosen.pop();
        }
        const k = nextGroup[j]!;
        if (k >= m || type[k] !== type[j]) open = 0;
        j = k;
      }
    };
    dfs(0, 0, 0, 0);
    if (singleGroup >= 0 && singleBest > best + PROFIT_EPS) {
      best = singleBest;
      found.push({ groups: [singleGroup], profit: singleBest });
    }
    const relaxed = Math.max(sp.bound(0, 0, 0), singleBest);
    found.sort((x, y) => x.profit - y.profit);
    return {
      patterns: found.slice(-MAX_FOUND),
      // Exact search: nothing beats `best` (the threshold when nothing was found) or `enough`.
      upperProfit: aborted ? Math.max(relaxed, best) : Math.max(best, enough),
      exact: !aborted,
    };
  };
}

/**
 * Every non-empty pattern with profit ≥ `minProfit` (all lots are items here, as a pattern near
 * the threshold may hold lots priced below their size), or null when there are more than `limit`
 * (or the search takes over 100 nodes per allowed pattern, or outlasts `budget`).
 */
export function enumeratePatterns(
  form: PackingForm,
  values: readonly number[],
  minProfit: number,
  limit: number,
  budget?: Budget,
): number[][] | null {
  const sp = searchSpace(form, values, { allItems: true, ...(budget ? { budget } : {}) });
  if (!sp) return null;
  const { m, itemGroup } = sp;
  const outOfTime = budget ? spentEvery(budget, NODES_PER_CHECK) : () => false;
  const out: number[][] = [];
  const chosen: number[] = [];
  let overflow = false;
  // Nodes that lead nowhere cost time too: give up well before the search could stall.
  let nodes = 0;
  const nodeLimit = 100 * limit + 10_000;
  // As in pricePatterns: recursion on "take", a loop on "skip", so the depth stays small.
  const dfs = (start: number, startOpen: number, used: number, value: number) => {
    let j = start, open = startOpen;
    for (;;) {
      if (overflow) return;
      if (++nodes > nodeLimit || outOfTime()) {
        overflow = true;
        return;
      }
      if (j >= m) {
        if (chosen.length && value >= minProfit - PROFIT_EPS) {
          if (out.length >= limit) overflow = true;
          else out.push(chosen.map((i) => itemGroup[i]!));
        }
        return;
      }
      if (value + sp.bound(j, open, used) < minProfit - PROFIT_EPS) return;
      const t = sp.take(j, open, used);
      if (t) {
        chosen.push(j);
        dfs(j + 1, t.open, t.used, value + t.gain);
        chosen.pop();
      }
      [j, open] = sp.skip(j, open);
    }
  };
  dfs(0, 0, 0, 0);
  return overflow ? null : out;
}
