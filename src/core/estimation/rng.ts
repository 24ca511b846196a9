import { logGamma } from './special.ts';

/**
 * A seeded pseudo-random generator and the variate samplers the estimators need.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"), chosen
 * because it runs on 32-bit integer arithmetic (Math.imul), which JavaScript does natively; 64-bit generators
 * would need BigInt and be an order of magnitude slower. State is seeded by splitmix32 from a (seed, stream)
 * pair so that every chain of a sampler gets its own reproducible stream. Uniform doubles take 53 random bits
 * (two outputs) and lie strictly inside (0, 1), so log(u) is always finite.
 *
 * Samplers (all exact, no approximations):
 * - normal: Marsaglia polar method;
 * - gamma: Marsaglia & Tsang (2000), with the u^(1/a) boost for shape < 1, also available on the log scale so
 *   that tiny variates do not underflow (as LCMCR's dan_log_gamma_1);
 * - binomial: inversion for n·min(p,1-p) < 10, otherwise BTRS (Hörmann 1993, "The generation of binomial random
 *   variates", J. Stat. Comput. Simul. 46);
 * - Poisson: inversion for λ < 10, otherwise PTRS (Hörmann 1993, "The transformed rejection method for generating
 *   Poisson random variables", Insurance: Math. & Econ. 12);
 * - negative binomial as a gamma–Poisson mixture.
 */
export class Rng {
  /** Generator state in an Int32Array: plain object fields holding 32-bit values would be boxed by V8. */
  private readonly state = new Int32Array(4);
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number, stream = 0) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    let state = (Math.floor(Math.abs(seed)) % 4294967296) >>> 0;
    state = (state ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    // High bits of large seeds would be lost by the modulo above; fold them in.
    state = (state ^ Math.floor(Math.abs(seed) / 4294967296)) >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    for (let i = 0; i < 4; i++) this.state[i] = next();
    if ((this.state[0] | this.state[1] | this.state[2] | this.state[3]) === 0) this.state[0] = 1;
  }

  /** Next 32-bit unsigned output. */
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0];
    let s1 = s[1];
    let s2 = s[2];
    let s3 = s[3];
    const r = Math.imul(s1, 5);
    const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s[0] = s0 ^ s3;
    s[1] = s1;
    s[2] = s2 ^ t;
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform on the open interval (0, 1) with 53 bits of resolution. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b + 0.5) / 9007199254740992;
  }

  /**
   * Uniform on (0, 1) from one 32-bit output (resolution 2^-32, never 0 or 1): what the rejection samplers use,
   * at half the cost of `uniform()`. The smallest value, 2^-33, bounds −log u at 22.9, a tail of probability 1e-10.
   */
  uniform32(): number {
    return (this.nextUint32() + 0.5) * 2.3283064365386963e-10;
  }

  /** Integer uniform on 0..n-1. */
  integer(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform32() - 1;
      v = 2 * this.uniform32() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** log of a Gamma(shape, 1) variate; stays finite when the variate itself would underflow. */
  logGamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape < 1) return this.logGamma(shape + 1) + Math.log(this.uniform32()) / shape;
    if (shape === 1) return Math.log(-Math.log(this.uniform32()));
    return Math.log(this.marsagliaTsang(shape));
  }

  /** Gamma(shape, 1) variate. */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
    if (shape < 1) return this.marsagliaTsang(shape + 1) * Math.pow(this.uniform32(), 1 / shape);
    if (shape === 1) return -Math.log(this.uniform32());
    return this.marsagliaTsang(shape);
  }

  private marsagliaTsang(shape: number): number {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform32();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Binomial(n, p) for integer n ≥ 0. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    if (n * p < 10) return this.binomialInversion(n, p);
    return this.binomialBtrs(n, p);
  }

  private binomialInversion(n: number, p: number): number {
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    for (;;) {
      let r = Math.exp(n * Math.log1p(-p));
      let u = this.uniform32();
      let x = 0;
      while (u > r) {
        u -= r;
        x++;
        if (x > n) break;
        r *= a / x - s;
      }
      // Rounding can leave u above the total mass; redraw instead of returning an impossible value.
      if (x <= n) return x;
    }
  }

  private binomialBtrs(n: number, p: number): number {
    const spq = Math.sqrt(n * p * (1 - p));
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const vr = 0.92 - 4.2 / b;
    const r = p / (1 - p);
    const alpha = (2.83 + 5.1 / b) * spq;
    const m = Math.floor((n + 1) * p);
    const logRatioM = (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) + stirlingTail(m) + stirlingTail(n - m);
    for (;;) {
      const u = this.uniform32() - 0.5;
      let v = this.uniform32();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      v = Math.log((v * alpha) / (a / (us * us) + b));
      const bound =
        logRatioM +
        (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
        (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) -
        stirlingTail(k) -
        stirlingTail(n - k);
      if (v <= bound) return k;
    }
  }

  /** Poisson(lambda). */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 10) {
      for (;;) {
        let p = Math.exp(-lambda);
        let u = this.uniform32();
        let x = 0;
        while (u > p && p > 0) {
          u -= p;
          x++;
          p *= lambda / x;
        }
        // Only rounding can exhaust the mass (p reaches 0); redraw rather than return a tail value.
        if (p > 0) return x;
      }
    }
    const slam = Math.sqrt(lambda);
    const logLam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform32() - 0.5;
      const v = this.uniform32();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLam - logGamma(k + 1)) {
        return k;
      }
    }
  }

  /**
   * Number of failures before `size` successes with success probability `p` (GSL's negative binomial), drawn as
   * Poisson(Gamma(size) · (1-p)/p).
   */
  negativeBinomial(size: number, p: number): number {
    if (p >= 1) return 0;
    if (!(p > 0)) throw new RangeError('negative binomial success probability must be positive');
    return this.poisson(this.gamma(size) * ((1 - p) / p));
  }
}

const STIRLING_TAIL_TABLE = [
  0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
  0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
];

/** log k! − [(k+½)log(k+1) − (k+1) + ½log 2π], the correction term of Stirling's formula used by BTRS. */
function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL_TABLE[k];
  const kp1sq = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / kp1sq) / kp1sq) / (k + 1);
}
