/**
 * Denoising autoencoder (Vincent et al. 2008; 2010): corrupt x̃ ~ q(x̃ | x), reconstruct the clean x;
 * loss = −log p(x | g(h(x̃))), one corrupted copy per step.
 */
import { choiceField, ModelConfigError, numberField, type FieldValues, type ModelSchema } from '../blocks/config-fields.js';
import { aeFields, aeSchema } from '../ae/ae.config.js';

export const daeFields = {
  ...aeFields,
  corruption: choiceField(['masking', 'gaussian', 'salt-and-pepper'] as const, 'masking',
    "q(x̃ | x): 'masking' (zero each value with probability amount), 'gaussian' (add N(0, amount²)), 'salt-and-pepper' (set to 0 or 1 with probability amount)"),
  corruptionAmount: { ...numberField(0.3, 'the masking / salt-and-pepper probability, or the Gaussian noise σ', { min: 0 }), alias: 'noise' },
};

export type DaeConfig = { model: string } & FieldValues<typeof daeFields>;

export const daeSchema: ModelSchema<DaeConfig> = {
  name: 'dae',
  summary: 'denoising autoencoder: reconstruct the clean input from a corrupted copy',
  fields: daeFields,
  check(config) {
    aeSchema.check(config);
    if (config.corruption !== 'gaussian' && config.corruptionAmount > 1) {
      throw new ModelConfigError(`dae: option 'corruptionAmount' is a probability for ${config.corruption} noise and must be ≤ 1, got ${config.corruptionAmount}`);
    }
  },
};
