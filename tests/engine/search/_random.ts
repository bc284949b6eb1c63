/** Random instances for search tests (seeded, so every run sees the same lots). */
import type { Lot } from "../../../src/engine/model.ts";
import { Rng } from "../../../src/engine/search/_rng.ts";

/** `n` lots of up to `types` types with fills between `minH` and `maxH` hours at 19,920 vials/h. */
export function randomLots(seed: number, n: number, types: number, minH = 1, maxH = 110): Lot[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `L${String(i + 1).padStart(3, "0")}`,
    type: `T${rng.int(types)}`,
    vials: Math.round((minH + rng.next() * (maxH - minH)) * 19_920),
  }));
}
