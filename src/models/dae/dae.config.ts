/**
 * Denoising autoencoder (Vincent et al. 2008; 2010): corrupt x̃ ~ q(x̃ | x), reconstruct the clean x;
 * loss = −log p(x | g(h(x̃))), one corrupted copy per step.
 */
import type { FieldValues, ModelSchema } from '../blocks/config-fields.js';
import { checkCorruption, corruptionFields } from '../blocks/corruption.js';
import { aeFields, aeSchema } from '../ae/ae.config.js';

export const daeFields = {
  ...aeFields,
  ...corruptionFields('masking', 0.3),
};

export type DaeConfig = { model: string } & FieldValues<typeof daeFields>;

export const daeSchema: ModelSchema<DaeConfig> = {
  name: 'dae',
  summary: 'denoising autoencoder: reconstruct the clean input from a corrupted copy',
  fields: daeFields,
  check(config) {
    aeSchema.check(config);
    checkCorruption(config);
  },
};
