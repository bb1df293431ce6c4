/**
 * Variational autoencoder (Kingma & Welling 2014): q(z | x) = N(μ(x), diag σ²(x)), prior N(0, I),
 * loss = −ELBO = E_q[−log p(x | z)] + β·KL(q ‖ p), with β = 1 for the VAE proper.
 */
import {
  checkNetwork, inputShapeField, latentDimField, likelihoodFields, networkFields, numberField, type FieldValues, type ModelSchema,
} from '../blocks/config-fields.js';
import { klWarmupFields } from '../blocks/kl-warmup.js';

export const vaeFields = {
  inputShape: inputShapeField,
  latentDim: latentDimField(2),
  ...networkFields([512]),
  ...likelihoodFields,
  beta: numberField(1, 'weight β of the KL term (1: the ELBO; > 1: a β-VAE)', { min: 0 }),
  ...klWarmupFields,
};

export type VaeConfig = { model: string } & FieldValues<typeof vaeFields>;

/** What the VAE class needs: the VAE's fields, β and its warm-up optional (models with another objective, the IWAE, have none). */
export type VaeBaseConfig = Omit<VaeConfig, 'beta' | 'klWarmupEpochs'> & { beta?: number; klWarmupEpochs?: number };

export const vaeSchema: ModelSchema<VaeConfig> = {
  name: 'vae',
  summary: 'variational autoencoder: Gaussian encoder, reparameterised sample, analytic KL; loss = −ELBO',
  fields: vaeFields,
  check: checkNetwork,
};
