/** A small seeded PRNG (mulberry32): the same seed always gives the same stream. */

/** Seeded random numbers: `next()` in [0, 1), `int(n)` in [0, n). */
export class Rng {
  #s: number;

  constructor(seed: number) {
    // Mix the seed so that nearby seeds give unrelated streams.
    this.#s = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x5bd1e995) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
