/**
 * Explicit, seeded random number generators. Every random draw in aekit goes through a `Generator`;
 * nothing reads a global or `Math.random`, so the same seed gives bit-identical numbers on the same platform.
 *
 * The core is xoshiro128** (Blackman & Vigna, 2018), seeded through splitmix32; `split()` derives
 * independent children from the parent's stream, as JAX's `random.split` does for keys.
 */

function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [z >>> 0, s];
}

export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;
  readonly seed: number;

  /** A generator for an integer seed (exact up to 2^53; both 32-bit halves count). */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new TypeError(`Generator: seed must be a finite number, got ${seed}`);
    this.seed = seed;
    this.#init(Math.floor(seed) | 0, Math.floor(seed / 4294967296) | 0);
  }

  /** A generator seeded by a full 64-bit value given as two 32-bit words (what `split` uses). */
  static fromWords(low: number, high: number): Generator {
    const g = new Generator(0);
    g.#init(low | 0, high | 0);
    (g as { seed: number }).seed = (high >>> 0) * 4294967296 + (low >>> 0);
    return g;
  }

  #init(low: number, high: number): void {
    // Both 32-bit halves feed the state (two splitmix32 chains, mixed), so there are 2^64 distinct streams.
    let lo = low;
    let hi = high ^ 0x5bd1e995;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const [a, nextLo] = splitmix32(lo);
      const [b, nextHi] = splitmix32(hi);
      words.push((a ^ Math.imul(b, 0x27d4eb2d)) >>> 0);
      lo = nextLo;
      hi = nextHi;
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = null;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal double (Box–Muller; the second value of each pair is kept for the next call). */
  nextNormal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u = this.nextDouble();
    while (u === 0) u = this.nextDouble();
    const v = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n), without modulo bias. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`Generator.nextInt: n must be an integer in [1, 2^32], got ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** `count` independent child generators; the parent advances, so calling split twice gives new children. */
  split(count = 2): Generator[] {
    const out: Generator[] = [];
    for (let i = 0; i < count; i++) {
      const hi = this.nextUint32();
      const lo = this.nextUint32();
      out.push(Generator.fromWords(lo, hi));
    }
    return out;
  }

  /** Fills `out` with uniform floats in [low, high). */
  fillUniform(out: Float32Array, low = 0, high = 1): Float32Array {
    const span = high - low;
    for (let i = 0; i < out.length; i++) {
      let v = low + span * this.nextDouble();
      // NOTE: rounding to float32 can land exactly on `high`; keep the interval half-open.
      if (Math.fround(v) >= high && span > 0) v = low;
      out[i] = v;
    }
    return out;
  }

  /**
   * Fills `out` with normal floats of the given mean and standard deviation: the numbers `nextNormal` would give,
   * one call per element, with the generator's state held in locals for the loop (several times faster).
   */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    const n = out.length;
    let i = 0;
    if (n > 0 && this.spareNormal !== null) {
      out[i++] = mean + std * this.spareNormal;
      this.spareNormal = null;
    }
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    // Four xoshiro128** words per pair of normals (more when u is 0), as in nextDouble and nextNormal.
    let u = 0, v = 0;
    while (i < n) {
      for (let draw = 0; draw < 2; draw++) {
        let x = 0;
        do {
          let hi = 0, lo = 0;
          for (let w = 0; w < 2; w++) {
            const word = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
            const t = s1 << 9;
            s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
            if (w === 0) hi = word >>> 5; else lo = word >>> 6;
          }
          x = (hi * 67108864 + lo) / 9007199254740992;
        } while (draw === 0 && x === 0);
        if (draw === 0) u = x; else v = x;
      }
      const r = Math.sqrt(-2 * Math.log(u));
      out[i++] = mean + std * (r * Math.cos(2 * Math.PI * v));
      const second = r * Math.sin(2 * Math.PI * v);
      if (i < n) out[i++] = mean + std * second;
      else this.spareNormal = second;
    }
    this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
    return out;
  }

  /**
   * Fills `out` with 0/1 draws that are 1 with probability `p` (one number in [0, 1], or one per element): the draws
   * `nextDouble() < p` would give, with the generator's state held in locals for the loop. Dynamic binarisation
   * makes 47 million draws an epoch of MNIST, so the method calls per draw cost more than a training step's GEMMs.
   */
  fillBernoulli(out: Float32Array, p: number | Float32Array): Float32Array {
    if (typeof p !== 'number' && p.length !== out.length) throw new RangeError(`Generator.fillBernoulli: ${p.length} probabilities for ${out.length} draws`);
    if (typeof p === 'number' && !(p >= 0 && p <= 1)) throw new RangeError(`Generator.fillBernoulli: ${p} is not a probability in [0, 1]`);
    const one = typeof p === 'number' ? p : 0;
    const each = typeof p === 'number' ? null : p;
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    let bad = -1;
    for (let i = 0; i < out.length; i++) {
      // Two xoshiro128** words per double, as in nextDouble and fillNormal.
      let hi = 0, lo = 0;
      for (let w = 0; w < 2; w++) {
        const word = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
        if (w === 0) hi = word >>> 5; else lo = word >>> 6;
      }
      // nextDouble's value times 2^53, exactly: the comparison is the same one.
      const u = hi * 67108864 + lo;
      const q = each === null ? one : each[i]!;
      // Checked here rather than in a pass of its own (a tenth of an epoch's binarisation); the error leaves the state as it was.
      if (!(q >= 0 && q <= 1)) { bad = i; break; }
      out[i] = u < q * 9007199254740992 ? 1 : 0;
    }
    if (bad >= 0) throw new RangeError(`Generator.fillBernoulli: value ${each![bad]} at index ${bad} is not a probability in [0, 1]`);
    this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
