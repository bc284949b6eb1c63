/**
 * Seeded random numbers, so that every run draws the same instances: for the bench scripts, the
 * generators of the committed bench/binpack files (a change here changes those files) and the
 * tests' random instances. The engine's search has its own generator (`Rng`), which mixes its seed.
 */

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
