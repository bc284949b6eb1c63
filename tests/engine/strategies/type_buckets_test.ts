import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { MinFillTree } from "../../../src/engine/strategies/_first_fit.ts";
import { makePool } from "../../../src/engine/strategies/_pack_loop.ts";
import { PresenceTree, TypeBuckets } from "../../../src/engine/strategies/_type_buckets.ts";
import { random } from "../../../scripts/_random.ts";
import { lots, TINY } from "./_fixtures.ts";

Deno.test("PresenceTree counts, finds the k-th present flag, and undoes removals", () => {
  for (const n of [0, 1, 2, 7, 16, 33]) {
    const r = random(n + 1);
    const t = new PresenceTree(n);
    const present = new Array<boolean>(n).fill(true);
    for (let step = 0; step < 3 * n; step++) {
      const i = Math.floor(r() * n);
      t.add(i, present[i] ? -1 : 1);
      present[i] = !present[i];
      const on = present.flatMap((p, k) => (p ? [k] : []));
      for (let k = 0; k <= on.length + 1; k++) assertEquals(t.kth(k), on[k - 1] ?? -1);
      for (let i2 = -1; i2 <= n; i2++) {
        assertEquals(t.prefix(i2), on.filter((k) => k <= i2).length);
      }
    }
  }
});

Deno.test("TypeBuckets sort each type by fill then position and track presence", () => {
  const pool = makePool(lots("a:A:3", "b:B:2", "c:A:1", "d:A:3", "e:A:2"), TINY);
  const tb = new TypeBuckets(pool);
  const a = tb.buckets[0]!;
  assertEquals([...a.pos], [2, 4, 0, 3]);
  assertEquals([...a.fill], [1, 2, 3, 3]);
  assertEquals([...a.groupStart], [0, 1, 2, 2]);
  tb.remove(0); // a: sorted index 2
  assertEquals([a.present.kth(3), a.present.prefix(2)], [3, 2]);
  assertEquals([a.count, tb.left], [3, 4]);
  tb.restore(0);
  assertEquals([a.present.kth(3), a.present.prefix(2), a.count, tb.left], [2, 3, 4, 5]);
});

Deno.test("MinFillTree.first() finds the first position whose value fits, after removals", () => {
  const r = random(42);
  for (let n = 1; n <= 40; n++) {
    const vals = Array.from({ length: n }, () => Math.floor(r() * 10));
    const tree = new MinFillTree(vals);
    const gone = new Set<number>();
    for (let step = 0; step < n; step++) {
      const limit = Math.floor(r() * 10);
      const want = vals.findIndex((v, i) => !gone.has(i) && v <= limit);
      assertEquals(tree.first((v) => v <= limit), want);
      const k = Math.floor(r() * n);
      gone.add(k);
      tree.remove(k);
    }
    assertEquals(tree.first(() => true), vals.findIndex((_, i) => !gone.has(i)));
  }
});
