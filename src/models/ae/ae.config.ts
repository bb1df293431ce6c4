/** Plain autoencoder (the lecture's chapter 3): z = h(x), x̂ = g(z), loss = −log p(x | g(h(x))). */
import {
  checkNetwork, codeActivationField, inputShapeField, latentDimField, likelihoodFields, networkFields, type FieldValues, type ModelSchema,
} from '../blocks/config-fields.js';

export const aeFields = {
  inputShape: inputShapeField,
  latentDim: latentDimField(32),
  ...networkFields([512]),
  codeActivation: codeActivationField('identity'),
  ...likelihoodFields,
};

export type AeConfig = { model: string } & FieldValues<typeof aeFields>;

export const aeSchema: ModelSchema<AeConfig> = {
  name: 'ae',
  summary: 'autoencoder: encoder → code → decoder, trained on the reconstruction NLL',
  fields: aeFields,
  check: checkNetwork,
};
