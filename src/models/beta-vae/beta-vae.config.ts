/**
 * β-VAE (Higgins et al. 2017): the VAE with the KL term weighted by β > 1, trading reconstruction for a code
 * closer to the factorised prior. The same model class as the VAE; only the default β differs.
 */
import { numberField, type ModelSchema } from '../blocks/config-fields.js';
import { vaeFields, vaeSchema, type VaeConfig } from '../vae/vae.config.js';

export const betaVaeFields = {
  ...vaeFields,
  beta: numberField(4, 'weight β of the KL term (Higgins et al. use β > 1)', { min: 0 }),
};

export type BetaVaeConfig = VaeConfig;

export const betaVaeSchema: ModelSchema<BetaVaeConfig> = {
  ...vaeSchema,
  name: 'beta-vae',
  summary: 'β-VAE: the VAE with the KL term weighted by β (default 4)',
  fields: betaVaeFields,
};
