/**
 * Binarised images for Bernoulli decoders. Values are expected in [0, 1].
 *
 * - Dynamic binarisation: a fresh Bernoulli draw x̃ ~ Bernoulli(x) each time (call it once per epoch or
 *   per batch with that epoch's generator), as in Salakhutdinov & Murray (2008) and the IWAE paper.
 * - Fixed binarisation, either by threshold (x > 0.5 → 1), or by one seeded Bernoulli draw made once and
 *   kept. NOTE: the seeded draw is not Larochelle & Murray's published binarised-MNIST file, so
 *   likelihoods on it are comparable with each other, not with numbers quoted on that file.
 */
import { Generator } from '../tensor/random.js';
import type { Dataset } from './dataset.js';

/** A new array of 0/1 values, 1 with probability equal to each input value (a value outside [0, 1] is an error). */
export function binarizeDynamic(x: Float32Array, gen: Generator): Float32Array {
  return gen.fillBernoulli(new Float32Array(x.length), x);
}

/** A new array: 1 where x > threshold, else 0. */
export function binarizeThreshold(x: Float32Array, threshold = 0.5): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i]! > threshold ? 1 : 0;
  return out;
}

export type FixedBinarization = { method: 'threshold'; threshold?: number } | { method: 'sample'; seed: number };

/** A copy of the dataset with its images binarised once, by threshold or by one draw from `new Generator(seed)`. */
export function binarizeFixed(ds: Dataset, how: FixedBinarization): Dataset {
  const images = how.method === 'threshold' ? binarizeThreshold(ds.images, how.threshold ?? 0.5) : binarizeDynamic(ds.images, new Generator(how.seed));
  return { ...ds, name: `${ds.name}-binarized`, images };
}
