/**
 * Adversarial autoencoder (Makhzani et al. 2015): a deterministic AE whose code is pushed towards a prior by a
 * discriminator instead of a KL term. Each batch: a reconstruction phase, a discriminator phase (prior samples
 * vs codes), and a generator phase (the encoder fools the discriminator).
 */
import { booleanField, choiceField, latentDimField, ModelConfigError, networkFields, numberField, numberListField, numClassesField, type FieldValues, type ModelSchema } from '../blocks/config-fields.js';
import { PRIORS, priorNeeds2d, MIXTURE_COMPONENTS } from '../blocks/priors.js';
import { aeFields, aeSchema } from '../ae/ae.config.js';

export const aaeFields = {
  ...aeFields,
  latentDim: latentDimField(2),
  // The paper's (and the lecture's reference) MNIST networks: two 1000-unit ReLU layers.
  ...networkFields([1000, 1000]),
  numClasses: numClassesField,
  prior: choiceField(PRIORS, 'gaussian', "the code's prior: 'gaussian' N(0, I), 'mixture10' (10 Gaussians on a circle, 2-D), 'swiss-roll' (2-D)"),
  labelConditioned: booleanField(false, 'give the discriminator the one-hot label, so each class is matched to its own prior component'),
  discriminatorHidden: numberListField([1000, 1000], 'hidden layer sizes of the discriminator MLP on the code', { integer: true, min: 1 }),
  adversarialWeight: numberField(1, "weight of the adversarial (generator) term in the loss's total", { min: 0 }),
};

export type AaeConfig = { model: string } & FieldValues<typeof aaeFields>;

export const aaeSchema: ModelSchema<AaeConfig> = {
  name: 'aae',
  summary: 'adversarial autoencoder: a discriminator matches the code to a prior (gaussian, mixture10, swiss-roll)',
  fields: aaeFields,
  check(config) {
    aeSchema.check(config);
    if (priorNeeds2d(config.prior) && config.latentDim !== 2) {
      throw new ModelConfigError(`aae: prior '${config.prior}' is 2-D; set 'latentDim' to 2 (got ${config.latentDim}) or use prior 'gaussian'`);
    }
    if (config.labelConditioned) {
      if (config.numClasses < 1) throw new ModelConfigError("aae: 'labelConditioned' needs labelled data ('numClasses' ≥ 1)");
      if (config.prior === 'gaussian') throw new ModelConfigError("aae: 'labelConditioned' needs a prior with a part per class: 'mixture10' or 'swiss-roll'");
      if (config.prior === 'mixture10' && config.numClasses > MIXTURE_COMPONENTS) {
        throw new ModelConfigError(`aae: prior 'mixture10' has ${MIXTURE_COMPONENTS} components, too few for ${config.numClasses} classes`);
      }
    }
  },
};
