/**
 * M2 (Kingma, Rezende, Mohamed & Welling 2014, "Semi-supervised learning with deep generative models"): the
 * generative model p(y) p(z) p(x | y, z) with inference networks q(z | x, y) and a classifier q(y | x). A labelled
 * sample scores the bound L(x, y) = −log p(x | y, z) + KL(q(z | x, y) ‖ p(z)) − log p(y); an unlabelled one
 * U(x) = Σ_y q(y | x) L(x, y) − H(q(y | x)); the labelled ones add β·(−log q(y | x)).
 */
import {
  ACTIVATIONS, choiceField, latentDimField, ModelConfigError, numberField, numberListField, numClassesField, type FieldValues, type ModelSchema,
} from '../blocks/config-fields.js';
import { vaeFields, vaeSchema } from '../vae/vae.config.js';

export const m2Fields = {
  ...vaeFields,
  // The paper's MNIST M2: 50-D z, one hidden layer of 500 softplus units in every network.
  latentDim: latentDimField(50),
  hidden: numberListField([500], 'dense hidden layer sizes of q(z | x, y) (p(x | y, z) mirrors them); after the conv stack for arch=conv', { integer: true, min: 1 }),
  activation: choiceField(ACTIVATIONS, 'softplus', 'activation between hidden layers (of the classifier too)'),
  numClasses: numClassesField,
  classifierHidden: numberListField([500], 'hidden layer sizes of the classifier q(y | x) (after the conv stack for arch=conv)', { integer: true, min: 1 }),
  classificationWeight: numberField(60,
    "β, the weight of −log q(y | x) on each labelled sample relative to its bound L(x, y); the paper's α = 0.1·N gives β = 0.1·N/N_labelled (60 for 100 labels of 60,000)",
    { min: 0 }),
  labelledWeight: numberField(1,
    "weight of a labelled row's L(x, y) + β·(−log q(y | x)) against an unlabelled row's U(x): with the labelled samples oversampled c times, 1/c is the paper's objective Σ_l L + Σ_u U + α·E_l[−log q]; 1 counts every copy as a sample",
    { above: 0 }),
};

export type M2Config = { model: string } & FieldValues<typeof m2Fields>;

export const m2Schema: ModelSchema<M2Config> = {
  name: 'm2',
  summary: "Kingma et al.'s M2: a conditional VAE with a classifier q(y | x), trained on labelled and unlabelled samples together",
  fields: m2Fields,
  check(config) {
    vaeSchema.check(config);
    if (config.numClasses < 2) throw new ModelConfigError("m2: needs labelled data with at least 2 classes ('numClasses' from the data set's labels)");
  },
};
