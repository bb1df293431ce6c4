/**
 * The corruption q(x̃ | x) of the models that train on corrupted copies (Vincent et al. 2008): its two config
 * fields and the draw, shared by the denoising AE, the stacked denoising AE and the stochastic contractive AE.
 */
import { addGaussianNoise, maskingNoise, saltAndPepper } from '../../data/corruption.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { choiceField, ModelConfigError, numberField } from './config-fields.js';

export const CORRUPTIONS = ['masking', 'gaussian', 'salt-and-pepper'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];

export function corruptionFields(kind: Corruption, amount: number) {
  return {
    corruption: choiceField(CORRUPTIONS, kind,
      "q(x̃ | x): 'masking' (zero each value with probability amount), 'gaussian' (add N(0, amount²)), 'salt-and-pepper' (set to 0 or 1 with probability amount)"),
    corruptionAmount: { ...numberField(amount, 'the masking / salt-and-pepper probability, or the Gaussian noise σ', { min: 0 }), alias: 'noise' },
  };
}

/** A probability must be ≤ 1; σ may be any size. */
export function checkCorruption(config: { model: string; corruption: Corruption; corruptionAmount: number }): void {
  if (config.corruption !== 'gaussian' && config.corruptionAmount > 1) {
    throw new ModelConfigError(`${config.model}: option 'corruptionAmount' is a probability for ${config.corruption} noise and must be ≤ 1, got ${config.corruptionAmount}`);
  }
}

/** x̃ ~ q(x̃ | x), drawn from `gen` (same generator state, same corruption); a new tensor without gradient history. */
export function corrupt(kind: Corruption, amount: number, x: Tensor, gen: Generator): Tensor {
  const noisy = kind === 'masking' ? maskingNoise(x.data, amount, gen)
    : kind === 'gaussian' ? addGaussianNoise(x.data, amount, gen)
      : saltAndPepper(x.data, amount, gen);
  return new Tensor(noisy, x.shape);
}
