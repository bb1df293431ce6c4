/**
 * Input corruptions for denoising autoencoders (Vincent et al., 2008; 2010, §4.2). Each returns a new
 * array and leaves its input untouched; every element is corrupted independently, so `amount` is the
 * expected (not exact) fraction of corrupted elements.
 */
import type { Generator } from '../tensor/random.js';

function checkFraction(name: string, amount: number): void {
  if (!(amount >= 0 && amount <= 1)) throw new RangeError(`${name}: amount must be a fraction in [0, 1], got ${amount}`);
}

/** x + ε, ε ~ N(0, std²) per element; values are not clipped. */
export function addGaussianNoise(x: Float32Array, std: number, gen: Generator): Float32Array {
  if (!(std >= 0) || !Number.isFinite(std)) throw new RangeError(`addGaussianNoise: std must be a finite number ≥ 0, got ${std}`);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! + std * gen.nextNormal();
  return out;
}

/** Masking noise: each element is set to 0 with probability `amount`. */
export function maskingNoise(x: Float32Array, amount: number, gen: Generator): Float32Array {
  checkFraction('maskingNoise', amount);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = gen.nextDouble() < amount ? 0 : x[i]!;
  return out;
}

/** Salt-and-pepper: each element, with probability `amount`, is set to `low` or `high` by a fair coin. */
export function saltAndPepper(x: Float32Array, amount: number, gen: Generator, low = 0, high = 1): Float32Array {
  checkFraction('saltAndPepper', amount);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    if (gen.nextDouble() < amount) out[i] = gen.nextDouble() < 0.5 ? low : high;
    else out[i] = x[i]!;
  }
  return out;
}
