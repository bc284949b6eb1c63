import {
  deepStrictEqual as assertEquals,
  notDeepStrictEqual,
  ok as assert,
} from "node:assert/strict";
import { Rng } from "../../../src/engine/search/_rng.ts";

Deno.test("Rng: the same seed gives the same stream, another seed another one", () => {
  const take = (seed: number) => {
    const r = new Rng(seed);
    return Array.from({ length: 20 }, () => r.next());
  };
  assertEquals(take(7), take(7));
  notDeepStrictEqual(take(7), take(8));
});

Deno.test("Rng: next is in [0, 1) and int(n) covers [0, n) evenly", () => {
  const r = new Rng(1);
  const counts = new Array(5).fill(0);
  for (let k = 0; k < 5000; k++) {
    const x = r.next();
    assert(x >= 0 && x < 1);
    counts[r.int(5)]++;
  }
  for (const c of counts) assert(c > 800 && c < 1200, `bucket count ${c}`);
});
