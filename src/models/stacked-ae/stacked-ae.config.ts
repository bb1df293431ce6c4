/**
 * Stacked autoencoder (Bengio et al. 2007; Hinton & Salakhutdinov 2006): a deep MLP autoencoder, optionally
 * pretrained greedily layer by layer — each encoder/decoder layer pair trained as a shallow AE on the codes of
 * the layers below — then fine-tuned end to end on the reconstruction NLL.
 */
import {
  ACTIVATIONS, choiceField, inputShapeField, latentDimField, likelihoodFields, ModelConfigError, numberField, numberListField,
  type FieldValues, type ModelSchema,
} from '../blocks/config-fields.js';

export const stackedAeFields = {
  inputShape: inputShapeField,
  latentDim: latentDimField(32),
  hidden: numberListField([512, 256], 'encoder layer sizes before the code, one pretraining stage each (the decoder mirrors them)', { integer: true, min: 1 }),
  activation: choiceField(ACTIVATIONS, 'relu', 'activation of the hidden layers (the code is linear)'),
  ...likelihoodFields,
  pretrainEpochsPerLayer: numberField(1, 'greedy pretraining: epochs per layer pair before end-to-end fine-tuning (0: none)', { integer: true, min: 0 }),
  pretrainStepsPerLayer: numberField(0, 'greedy pretraining scheduled by steps instead of epochs (0: use pretrainEpochsPerLayer)', { integer: true, min: 0 }),
};

export type StackedAeConfig = { model: string } & FieldValues<typeof stackedAeFields>;

export const stackedAeSchema: ModelSchema<StackedAeConfig> = {
  name: 'stacked-ae',
  summary: 'stacked autoencoder: deep MLP AE with greedy layer-wise pretraining, then end-to-end fine-tuning',
  fields: stackedAeFields,
  check(config) {
    if (config.pretrainEpochsPerLayer > 0 && config.pretrainStepsPerLayer > 0) {
      throw new ModelConfigError("stacked-ae: set 'pretrainEpochsPerLayer' or 'pretrainStepsPerLayer', not both");
    }
  },
};
