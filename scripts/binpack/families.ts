/**
 * Generators of the classical one-dimensional bin-packing benchmark families, written from their
 * published descriptions with our own seeded random numbers (the original files are not copied):
 * Falkenauer's uniform and triplet sets, Scholl–Klein–Jürgens' sets 1–3 and Schwerin's two sets;
 * and two families standing in for published sets that cannot be obtained here:
 *
 * - `cutgen`: cutting-stock instances by Gau and Wäscher's CUTGEN1 procedure (the Wäscher–Gau
 *   set was made with it): m sizes drawn uniformly in [v1·L, v2·L] for capacity L, equal sizes
 *   merged, and demands from random proportions scaled to m·d̄ items in all. Few distinct sizes
 *   with large demands: what bounded item counts in pricing are for. Six classes (see
 *   CUTGEN_CLASSES), five instances each.
 * - `hard_like`: instances like Schoenfield's hard28 (capacity 1000, 160–200 items, weights over
 *   about 1..800): candidates drawn with fixed seeds, kept only where first-fit decreasing and
 *   minimum bin slack both miss the rounded-up LP bound (the first 28 such; see
 *   HARD_LIKE_SEEDS). Their items then nearly fill ⌈LP⌉ bins, so an optimal packing, if ⌈LP⌉ is
 *   the optimum as it is on nearly every such instance, must be nearly perfect. Their optimum
 *   is not known in advance: the bench measures them against bounds.
 *
 * Mapped to the line as one vial type, fill rate 1 vial/h, window = capacity, no changeovers and a
 * 1 h CLEAN, a schedule's CLEAN count is the number of bins.
 */
import { random } from "../_random.ts";

/** One instance: item sizes (whole numbers), the bin capacity and, where the construction fixes
 * it, the optimal number of bins. */
export interface BinPackInstance {
  readonly name: string;
  readonly family: string;
  readonly capacity: number;
  readonly sizes: readonly number[];
  readonly optimum: number | null;
}

/** A whole number uniform in [lo, hi]. */
function uniformInt(next: () => number, lo: number, hi: number): number {
  return lo + Math.floor(next() * (hi - lo + 1));
}

/** A seed per instance from the family's name and the instance number, so families are stable
 * when another family is added. */
function seedOf(name: string): number {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

function uniformItems(name: string, n: number, lo: number, hi: number): number[] {
  const next = random(seedOf(name));
  return Array.from({ length: n }, () => uniformInt(next, lo, hi));
}

/** Falkenauer's uniform set: capacity 150, sizes uniform in 20..100, 20 instances per size. */
export function falkenauerUniform(): BinPackInstance[] {
  return [120, 250, 500, 1000].flatMap((n) =>
    Array.from({ length: 20 }, (_, i) => {
      const name = `u${n}_${String(i).padStart(2, "0")}`;
      return {
        name,
        family: "falkenauer_u",
        capacity: 150,
        sizes: uniformItems(name, n, 20, 100),
        optimum: null,
      };
    })
  );
}

/**
 * Falkenauer's triplet set: capacity 1000; every bin is filled exactly by three items (the first
 * in 380..490, the second in 250..half of what is left, the third the rest), so n/3 bins are
 * optimal and any other packing needs more. Items are shuffled.
 */
export function falkenauerTriplets(): BinPackInstance[] {
  return [60, 120, 249, 501].flatMap((n) =>
    Array.from({ length: 20 }, (_, i) => {
      const name = `t${n}_${String(i).padStart(2, "0")}`;
      const next = random(seedOf(name));
      const sizes: number[] = [];
      for (let b = 0; b < n / 3; b++) {
        const first = uniformInt(next, 380, 490);
        const left = 1000 - first;
        const second = uniformInt(next, 250, Math.floor(left / 2));
        sizes.push(first, second, left - second);
      }
      for (let k = sizes.length - 1; k > 0; k--) {
        const j = Math.floor(next() * (k + 1));
        [sizes[k], sizes[j]] = [sizes[j]!, sizes[k]!];
      }
      return { name, family: "falkenauer_t", capacity: 1000, sizes, optimum: n / 3 };
    })
  );
}

/** Scholl–Klein–Jürgens set 1: n in 50..500, capacity 100/120/150, sizes in [1|20|30, 100]. */
export function schollSet1(perClass = 20): BinPackInstance[] {
  const out: BinPackInstance[] = [];
  for (const n of [50, 100, 200, 500]) {
    for (const [ci, c] of [100, 120, 150].entries()) {
      for (const [wi, lo] of [1, 20, 30].entries()) {
        for (let i = 0; i < perClass; i++) {
          const name = `N${n}C${ci + 1}W${wi + 1}_${String(i).padStart(2, "0")}`;
          out.push({
            name,
            family: "scholl_1",
            capacity: c,
            sizes: uniformItems(name, n, lo, 100),
            optimum: null,
          });
        }
      }
    }
  }
  return out;
}

/**
 * Scholl–Klein–Jürgens set 2: capacity 1000, n in 50..500, mean size c/3, c/5, c/7 or c/9,
 * sizes uniform within ±20 %, ±50 % or ±90 % of the mean.
 */
export function schollSet2(perClass = 10): BinPackInstance[] {
  const out: BinPackInstance[] = [];
  for (const n of [50, 100, 200, 500]) {
    for (const [wi, div] of [3, 5, 7, 9].entries()) {
      for (const [bi, delta] of [0.2, 0.5, 0.9].entries()) {
        const mean = 1000 / div;
        const lo = Math.max(1, Math.round(mean * (1 - delta)));
        const hi = Math.round(mean * (1 + delta));
        for (let i = 0; i < perClass; i++) {
          const name = `N${n}W${wi + 1}B${bi + 1}_${i}`;
          out.push({
            name,
            family: "scholl_2",
            capacity: 1000,
            sizes: uniformItems(name, n, lo, hi),
            optimum: null,
          });
        }
      }
    }
  }
  return out;
}

/** Scholl–Klein–Jürgens set 3: 200 items in 20,000..35,000, capacity 100,000 (few per bin,
 * large sizes: the hard set). */
export function schollSet3(): BinPackInstance[] {
  return Array.from({ length: 10 }, (_, i) => {
    const name = `HARD${i}`;
    return {
      name,
      family: "scholl_3",
      capacity: 100_000,
      sizes: uniformItems(name, 200, 20_000, 35_000),
      optimum: null,
    };
  });
}

/** Schwerin and Wäscher's sets: capacity 1000, sizes in 150..200, 100 (set 1) or 120 items. */
export function schwerin(): BinPackInstance[] {
  return [[1, 100], [2, 120]].flatMap(([set, n]) =>
    Array.from({ length: 100 }, (_, i) => {
      const name = `schwerin${set}_${String(i).padStart(3, "0")}`;
      return {
        name,
        family: `schwerin_${set}`,
        capacity: 1000,
        sizes: uniformItems(name, n!, 150, 200),
        optimum: null,
      };
    })
  );
}

/** One CUTGEN1 class: capacity, number of sizes, size range as shares of the capacity, mean
 * demand per size. */
interface CutgenClass {
  readonly capacity: number;
  readonly m: number;
  readonly v1: number;
  readonly v2: number;
  readonly demand: number;
}

/** Small, mixed and large items at capacities 1000 and 10000, 200 to 1,000 items each. */
export const CUTGEN_CLASSES: readonly CutgenClass[] = [
  { capacity: 1000, m: 20, v1: 0.01, v2: 0.2, demand: 10 },
  { capacity: 1000, m: 40, v1: 0.01, v2: 0.8, demand: 10 },
  { capacity: 1000, m: 40, v1: 0.2, v2: 0.8, demand: 10 },
  { capacity: 10_000, m: 60, v1: 0.01, v2: 0.8, demand: 10 },
  { capacity: 10_000, m: 50, v1: 0.01, v2: 0.5, demand: 20 },
  { capacity: 10_000, m: 20, v1: 0.2, v2: 0.8, demand: 50 },
];

/**
 * One CUTGEN1 instance: size i = ⌊(v1 + (v2 − v1)·r)·L + r'⌋ (r, r' uniform in [0, 1)), equal
 * sizes merged; demand i = round(p_i / Σp · m·d̄) for random p_i, the last size taking what
 * rounding left so there are m·d̄ items. Items are listed by size, largest first.
 */
function cutgenInstance(name: string, c: CutgenClass): number[] {
  const next = random(seedOf(name));
  const demandBySize = new Map<number, number>();
  const drawn = Array.from({ length: c.m }, () => {
    const s = Math.floor((c.v1 + (c.v2 - c.v1) * next()) * c.capacity + next());
    return Math.min(c.capacity, Math.max(1, s));
  });
  const weights = drawn.map(() => next());
  const sumW = weights.reduce((a, b) => a + b, 0);
  const total = c.m * c.demand;
  let given = 0;
  drawn.forEach((s, i) => {
    const d = i === c.m - 1 ? Math.max(0, total - given) : Math.round((weights[i]! / sumW) * total);
    given += d;
    demandBySize.set(s, (demandBySize.get(s) ?? 0) + d);
  });
  return [...demandBySize.entries()].sort((a, b) => b[0] - a[0])
    .flatMap(([s, d]) => Array.from({ length: d }, () => s));
}

/** The CUTGEN1 family: `perClass` instances of each class, named by class (`C1`..`C6`). */
export function cutgen(perClass = 5): BinPackInstance[] {
  return CUTGEN_CLASSES.flatMap((c, ci) =>
    Array.from({ length: perClass }, (_, i) => {
      const name = `C${ci + 1}_${String(i).padStart(2, "0")}`;
      return {
        name,
        family: "cutgen",
        capacity: c.capacity,
        sizes: cutgenInstance(name, c),
        optimum: null,
      };
    })
  );
}

/** First-fit decreasing's number of bins (the yardstick of a hard instance). */
export function firstFitDecreasing(sizes: readonly number[], capacity: number): number {
  const loads: number[] = [];
  for (const s of [...sizes].sort((a, b) => b - a)) {
    const k = loads.findIndex((l) => l + s <= capacity);
    if (k >= 0) loads[k]! += s;
    else loads.push(s);
  }
  return loads.length;
}

/** A hard28-like candidate: n in 160..200, weights uniform in [lo, hi] with lo in 1..30 and
 * hi in 700..800. */
export function hardCandidate(seed: number): number[] {
  const next = random(seedOf(`hard_like/${seed}`));
  const n = uniformInt(next, 160, 200);
  const lo = uniformInt(next, 1, 30), hi = uniformInt(next, 700, 800);
  return Array.from({ length: n }, () => uniformInt(next, lo, hi));
}

/**
 * Plain minimum bin slack's number of bins (the largest item left opens each bin, the subset of
 * the rest that fills it best, by a reachability table over the room, joins it). Written here
 * rather than taken from the engine, so a better engine never changes which instances are drawn.
 */
export function minBinSlackBins(sizes: readonly number[], capacity: number): number {
  let left = [...sizes].sort((a, b) => b - a);
  let bins = 0;
  while (left.length) {
    bins++;
    const room = capacity - left[0]!;
    // via[w]: index (in `left`) of the item that first reached sum w, -1 unreached.
    const via = new Int32Array(room + 1).fill(-1);
    for (let k = 1; k < left.length && via[room] === -1; k++) {
      const s = left[k]!;
      for (let w = room; w >= s; w--) {
        if (via[w] === -1 && (w === s || via[w - s]! >= 0)) via[w] = k;
      }
    }
    const used = new Set<number>([0]);
    let w = room;
    while (w > 0 && via[w] === -1) w--;
    for (; w > 0; w -= left[via[w]!]!) used.add(via[w]!);
    left = left.filter((_, k) => !used.has(k));
  }
  return bins;
}

/**
 * Seeds of the hard28-like candidates kept: the first 28 (of seeds 0..87) on which first-fit
 * decreasing and minimum bin slack both use more bins than the rounded-up LP bound (the engine's
 * column generation run to the end), chosen by `deno task gen:binpack --pick-hard 28`. The list is stored so
 * the family never depends on the engine's code.
 */
export const HARD_LIKE_SEEDS: readonly number[] = [
  0,
  1,
  7,
  13,
  15,
  20,
  22,
  27,
  34,
  35,
  36,
  37,
  38,
  43,
  48,
  52,
  53,
  55,
  56,
  60,
  70,
  73,
  76,
  80,
  81,
  83,
  84,
  87,
];

/** The hard28-like family: the candidates of HARD_LIKE_SEEDS, capacity 1000. */
export function hardLike(): BinPackInstance[] {
  return HARD_LIKE_SEEDS.map((seed, k) => ({
    name: `HL_${String(k).padStart(2, "0")}`,
    family: "hard_like",
    capacity: 1000,
    sizes: hardCandidate(seed),
    optimum: null,
  }));
}

/** Every family, in the order the bench reports them. */
export function allFamilies(): BinPackInstance[] {
  return [
    ...falkenauerUniform(),
    ...falkenauerTriplets(),
    ...schollSet1(),
    ...schollSet2(),
    ...schollSet3(),
    ...schwerin(),
    ...cutgen(),
    ...hardLike(),
  ];
}

/** The instance as a lots CSV of one type ("bin"), one lot per item, vials = size. */
export function toLotsCsv(inst: BinPackInstance): string {
  const width = String(inst.sizes.length).length;
  const rows = inst.sizes.map((s, i) => `I${String(i + 1).padStart(width, "0")},bin,${s}`);
  return ["Lot ID,Type,Vials", ...rows, ""].join("\n");
}

/** The line configuration that turns an instance into bin packing (YAML for `--config`). */
export function lineConfigYaml(capacity: number): string {
  return [
    "# Bin packing on the line: one vial per hour, window = bin capacity, no changeovers,",
    "# a 1 h CLEAN per bin.",
    "fillRateVph: 1",
    `windowHours: ${capacity}`,
    "cleanHours: 1",
    "chgSameHours: 0",
    "chgDiffHours: 0",
    "",
  ].join("\n");
}

/**
 * Martello and Toth's L2 lower bound on the number of bins, computed here independently of the
 * engine's bounds so the bench has its own yardstick.
 */
export function martelloTothL2(sizes: readonly number[], capacity: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  let best = Math.ceil(total / capacity);
  const sorted = [...sizes].sort((a, b) => a - b);
  const cands = new Set(sorted.filter((s) => s <= capacity / 2));
  cands.add(0);
  for (const k of cands) {
    let big = 0, mid = 0, midSum = 0, smallSum = 0;
    for (const s of sorted) {
      if (s > capacity - k) big++;
      else if (s > capacity / 2) {
        mid++;
        midSum += s;
      } else if (s >= k) smallSum += s;
    }
    const free = mid * capacity - midSum;
    const extra = Math.max(0, Math.ceil((smallSum - free) / capacity));
    best = Math.max(best, big + mid + extra);
  }
  return best;
}
