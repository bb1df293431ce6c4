/**
 * Importance-weighted autoencoder (Burda, Grosse & Salakhutdinov 2016): the VAE's networks trained on the
 * K-sample bound L_K = E[log (1/K) Σₖ p(x, zₖ)/q(zₖ | x)] ≥ ELBO, which tightens as K grows (K = 1 is the VAE).
 */
import { checkNetwork, numberField, type FieldValues, type ModelSchema } from '../blocks/config-fields.js';
import { vaeFields } from '../vae/vae.config.js';

const { beta: _beta, klWarmupEpochs: _klWarmupEpochs, ...vaeNetworkFields } = vaeFields;

export const iwaeFields = {
  ...vaeNetworkFields,
  samples: numberField(5, 'K, importance samples per input in the training bound (Burda et al. use 1, 5, 50)', { integer: true, min: 1 }),
};

export type IwaeConfig = { model: string } & FieldValues<typeof iwaeFields>;

export const iwaeSchema: ModelSchema<IwaeConfig> = {
  name: 'iwae',
  summary: 'importance-weighted autoencoder: the VAE trained on the K-sample bound (--set samples=K)',
  fields: iwaeFields,
  check: checkNetwork,
};
