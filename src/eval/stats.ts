/**
 * Summaries of per-sample values, in float64: a mean with its standard error, and log-mean-exp (the stable
 * average of exponentials that importance-weighted and Parzen estimates need), also accumulated chunk by chunk.
 */

/** A mean over `count` values and its standard error s/√n (s: the sample standard deviation, n − 1 in its denominator). */
export interface MeanWithError {
  mean: number;
  /** s/√n; 0 for a single value. */
  standardError: number;
  count: number;
}

/**
 * The mean of `values` and its standard error, the standard deviation of the mean over draws of the samples:
 * SE = √(Σ(vᵢ − v̄)² / (n − 1)) / √n. Two passes (mean, then squared deviations) keep it exact for large means.
 * Throws on an empty input; NaN or ±∞ values make the result NaN/∞ (they are reported, never dropped).
 */
export function meanWithStandardError(values: ArrayLike<number>): MeanWithError {
  const n = values.length;
  if (n === 0) throw new RangeError('meanWithStandardError: no values');
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  const mean = s / n;
  if (n === 1 || !Number.isFinite(mean)) return { mean, standardError: n === 1 ? 0 : NaN, count: n };
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    ss += d * d;
  }
  return { mean, standardError: Math.sqrt(ss / (n - 1) / n), count: n };
}

/** The fraction of `hits` that are true, with its binomial standard error √(p(1 − p)/n) (same as meanWithStandardError of 0/1 values but n in the variance). */
export function proportionWithStandardError(hits: ArrayLike<boolean | number>): MeanWithError {
  const n = hits.length;
  if (n === 0) throw new RangeError('proportionWithStandardError: no values');
  let k = 0;
  for (let i = 0; i < n; i++) if (hits[i]) k += 1;
  const p = k / n;
  return { mean: p, standardError: Math.sqrt((p * (1 - p)) / n), count: n };
}

/**
 * log((1/n) Σ exp(vᵢ)), computed as m + log Σ exp(vᵢ − m) with m = max vᵢ so nothing overflows
 * (the estimator of Burda et al. 2016, eq. 8, in log space). −∞ when every value is −∞; NaN if any is NaN.
 */
export function logMeanExp(values: ArrayLike<number>): number {
  const acc = new LogMeanExp();
  acc.addAll(values);
  return acc.value();
}

/**
 * log-mean-exp over values that arrive in chunks: equal to `logMeanExp` of all of them, whatever the chunking.
 * Keeps the running maximum m and Σ exp(vᵢ − m), rescaling the sum when m grows.
 */
export class LogMeanExp {
  private max = -Infinity;
  private sum = 0;
  private n = 0;
  private nan = false;

  add(v: number): void {
    this.n += 1;
    if (Number.isNaN(v)) {
      this.nan = true;
      return;
    }
    if (v === -Infinity) return;
    if (v > this.max) {
      // NOTE: the first finite value has max = −∞ and sum = 0; exp(−∞) · 0 would be NaN, so reset instead.
      this.sum = this.max === -Infinity ? 1 : this.sum * Math.exp(this.max - v) + 1;
      this.max = v;
    } else {
      this.sum += Math.exp(v - this.max);
    }
  }

  /** Forgets every value (to reuse one accumulator). */
  reset(): void {
    this.max = -Infinity;
    this.sum = 0;
    this.n = 0;
    this.nan = false;
  }

  addAll(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.add(values[i]!);
  }

  get count(): number {
    return this.n;
  }

  value(): number {
    if (this.n === 0) throw new RangeError('LogMeanExp: no values');
    if (this.nan) return NaN;
    if (this.max === Infinity) return Infinity;
    if (this.sum === 0) return -Infinity;
    return this.max + Math.log(this.sum / this.n);
  }
}
