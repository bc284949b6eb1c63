/**
 * Per-type order statistics over the pool for the scoring heuristics: each type's lots sorted
 * by (fill, pool position), with a Fenwick tree of which are still in the pool, so the k-th
 * shortest remaining lot and the rank of any fill are found in O(log n) after removals.
 */
import type { Pool } from "./_pack_loop.ts";

/** Fenwick (binary indexed) tree of 0/1 presence flags with k-th-present search. */
export class PresenceTree {
  readonly #n: number;
  readonly #tree: Int32Array;
  #top = 1;

  /** `n` flags, all present. */
  constructor(n: number) {
    this.#n = n;
    this.#tree = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) this.#tree[i] = i & -i;
    while (this.#top * 2 <= n) this.#top *= 2;
  }

  /** Adds `delta` (±1) to the flag of index `i` (0-based). */
  add(i: number, delta: number): void {
    for (let k = i + 1; k <= this.#n; k += k & -k) this.#tree[k]! += delta;
  }

  /** How many of the indices 0..i are present (0 for i < 0). */
  prefix(i: number): number {
    let s = 0;
    for (let k = Math.min(i + 1, this.#n); k > 0; k -= k & -k) s += this.#tree[k]!;
    return s;
  }

  /** The 0-based index of the k-th present flag (k ≥ 1), or -1 if fewer are present. */
  kth(k: number): number {
    if (k < 1) return -1;
    let pos = 0;
    for (let step = this.#top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.#n && this.#tree[next]! < k) {
        pos = next;
        k -= this.#tree[next]!;
      }
    }
    return pos < this.#n ? pos : -1;
  }
}

/** One type's lots sorted by (fill, position), with presence. */
export interface Bucket {
  /** Pool positions in (fill ascending, position ascending) order. */
  readonly pos: Int32Array;
  /** Fill hours in the same order. */
  readonly fill: Float64Array;
  /** For each sorted index, the first sorted index with the same fill. */
  readonly groupStart: Int32Array;
  readonly present: PresenceTree;
  /** Lots of this type still in the pool. */
  count: number;
}

/** The buckets of every type of a pool, with removal and re-insertion of single lots. */
export class TypeBuckets {
  readonly buckets: readonly Bucket[];
  /** Sorted index of each pool position inside its type's bucket. */
  readonly #rank: Int32Array;
  readonly #type: Int32Array;
  /** Lots still in the pool, all types. */
  left: number;

  constructor(pool: Pool) {
    const n = pool.fill.length;
    this.#type = pool.type;
    this.#rank = new Int32Array(n);
    this.left = n;
    const lists: number[][] = pool.typeNames.map(() => []);
    for (let p = 0; p < n; p++) lists[pool.type[p]!]!.push(p);
    this.buckets = lists.map((list) => {
      list.sort((a, b) => pool.fill[a]! - pool.fill[b]! || a - b);
      const pos = Int32Array.from(list);
      const fill = Float64Array.from(list, (p) => pool.fill[p]!);
      const groupStart = new Int32Array(list.length);
      list.forEach((p, i) => {
        this.#rank[p] = i;
        groupStart[i] = i > 0 && fill[i - 1] === fill[i] ? groupStart[i - 1]! : i;
      });
      return { pos, fill, groupStart, present: new PresenceTree(list.length), count: list.length };
    });
  }

  /** Removes the lot at pool position `p`. */
  remove(p: number): void {
    const b = this.buckets[this.#type[p]!]!;
    b.present.add(this.#rank[p]!, -1);
    b.count--;
    this.left--;
  }

  /** Puts the lot at pool position `p` back (undoes `remove`). */
  restore(p: number): void {
    const b = this.buckets[this.#type[p]!]!;
    b.present.add(this.#rank[p]!, 1);
    b.count++;
    this.left++;
  }
}
