/**
 * Generators of the classical one-dimensional bin-packing benchmark families, written from their
 * published descriptions with our own seeded random numbers (the original files are not copied):
 * Falkenauer's uniform and triplet sets, Scholl–Klein–Jürgens' sets 1–3 and Schwerin's two sets.
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

/** Every family, in the order the bench reports them. */
export function allFamilies(): BinPackInstance[] {
  return [
    ...falkenauerUniform(),
    ...falkenauerTriplets(),
    ...schollSet1(),
    ...schollSet2(),
    ...schollSet3(),
    ...schwerin(),
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
