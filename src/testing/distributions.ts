/** Shared by the distribution tests: float64 comparisons and Monte Carlo agreement. */
import assert from 'node:assert/strict';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../ops/creation.js';

/** Elementwise |actual − expected| ≤ atol + rtol·|expected|, with NaN matching NaN. */
export function assertClose(actual: Tensor | ArrayLike<number>, expected: ArrayLike<number>, atol = 1e-5, rtol = 1e-5, what = 'value'): void {
  const a = 'data' in actual ? actual.data : actual;
  assert.equal(a.length, expected.length, `${what}: ${a.length} values, expected ${expected.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(x)) continue;
    assert.ok(Math.abs(x - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: got ${x}, expected ${e}`);
  }
}

/** `count` float32-rounded values uniform in [low, high), from a seeded generator, as a tensor of `shape`. */
export function seededTensor(seed: number, shape: number[], low = -2, high = 2): Tensor {
  const gen = new Generator(seed);
  const size = shape.reduce((p, d) => p * d, 1);
  return tensor(Array.from({ length: size }, () => low + (high - low) * gen.nextDouble()), shape);
}

/** The values of a tensor as float64 numbers. */
export function values(t: Tensor): number[] {
  return Array.from(t.data);
}

/** Sample mean and its standard error, accumulated in float64. */
export function meanAndStdError(xs: ArrayLike<number>): { mean: number; se: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  const m = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - m) ** 2;
  return { mean: m, se: Math.sqrt(v / (xs.length - 1) / xs.length) };
}

/** Asserts that a Monte Carlo estimate agrees with `expected` within `k` standard errors. */
export function assertWithinStdErrors(xs: ArrayLike<number>, expected: number, k = 3, what = 'estimate'): void {
  const { mean, se } = meanAndStdError(xs);
  assert.ok(Math.abs(mean - expected) <= k * se + 1e-9, `${what}: Monte Carlo ${mean} ± ${se} vs analytic ${expected}`);
}
