/**
 * A VAE with two stochastic layers (Burda, Grosse & Salakhutdinov 2016, §5, the 784-100-50 architecture):
 * q(z1 | x) q(z2 | z1) and p(z2) p(z1 | z2) p(x | z1), every conditional a diagonal Gaussian (p(x | z1) the
 * decoder's likelihood) computed by deterministic tanh layers; trained on the ELBO (K = 1) or the K-sample
 * importance-weighted bound (K > 1, the two-layer IWAE).
 */
import {
  ACTIVATIONS, choiceField, inputShapeField, latentDimField, likelihoodFields, numberField, numberListField, SIZE_LIMITS,
  type FieldValues, type ModelSchema,
} from '../blocks/config-fields.js';

const layerSizes = (def: number[], help: string) => numberListField(def, help, { integer: true, min: 1, max: SIZE_LIMITS.units });

export const hvaeFields = {
  inputShape: inputShapeField,
  latentDim: { ...latentDimField(50), help: 'size of the top stochastic layer z2: the code that encode, sample and the figures use' },
  lowerLatentDim: numberField(100, 'size of the lower stochastic layer z1', { integer: true, min: 1, max: SIZE_LIMITS.latentDim }),
  hidden: layerSizes([200, 200], 'deterministic layers of q(z1 | x); p(x | z1) mirrors them'),
  upperHidden: layerSizes([100, 100], 'deterministic layers of q(z2 | z1); p(z1 | z2) mirrors them'),
  activation: choiceField(ACTIVATIONS, 'tanh', 'activation of the deterministic layers (Burda et al.: tanh)'),
  ...likelihoodFields,
  samples: numberField(1, 'K, importance samples per input in the training bound (1: the ELBO, a VAE; > 1: the IWAE bound; Burda et al. use 1, 5, 50)', { integer: true, min: 1 }),
};

export type HvaeConfig = { model: string } & FieldValues<typeof hvaeFields>;

export const hvaeSchema: ModelSchema<HvaeConfig> = {
  name: 'hvae',
  summary: 'VAE with two stochastic layers z1, z2 (Burda et al. 2016: 784-100-50); ELBO, or the IWAE bound with --set samples=K',
  fields: hvaeFields,
  check: () => undefined,
};
