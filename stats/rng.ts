// Small seeded pseudo-random generators. Used by the Monte Carlo fallback of
// Fisher's test and by synthetic data generators, where runs must be exactly
// reproducible from a seed (Math.random cannot be seeded).

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Standard normal deviate (Box–Muller; caches the second value). */
  normal(): number;
}

/**
 * mulberry32: a 32-bit generator with good statistical quality for
 * simulation (not cryptography). Period 2^32, which is ample here.
 */
export function createRng(seed: number): Rng {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  let spare: number | null = null;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(n: number): number {
      if (!(n >= 1)) throw new RangeError(`n must be >= 1 (got ${n})`);
      return Math.floor(next() * n);
    },
    normal(): number {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next(); // log(0) guard
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

/** In-place Fisher–Yates shuffle driven by `rng`. */
export function shuffleInPlace<T>(arr: T[], rng: Rng): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}
