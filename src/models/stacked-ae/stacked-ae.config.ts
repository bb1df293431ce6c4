/**
 * Stacked autoencoder (Bengio et al. 2007; Hinton & Salakhutdinov 2006): a deep MLP autoencoder, optionally
 * pretrained greedily layer by layer — each encoder/decoder layer pair trained as a shallow AE on the codes of
 * the layers below — then fine-tuned end to end (on the reconstruction NLL here, or with a new output layer on
 * labels: `aekit finetune`). With a corruption it is the stacked denoising autoencoder (Vincent et al. 2010):
 * each pair learns to reconstruct its clean input from a corrupted copy.
 */
import {
  ACTIVATIONS, choiceField, codeActivationField, inputShapeField, latentDimField, likelihoodFields, ModelConfigError, numberField, numberListField,
  type FieldValues, type ModelSchema,
} from '../blocks/config-fields.js';
import { checkCorruption, corruptionFields } from '../blocks/corruption.js';

export const stackedAeFields = {
  inputShape: inputShapeField,
  latentDim: latentDimField(32),
  hidden: numberListField([512, 256], 'encoder layer sizes before the code, one pretraining stage each (the decoder mirrors them)', { integer: true, min: 1 }),
  activation: choiceField(ACTIVATIONS, 'relu', 'activation of the hidden layers'),
  codeActivation: codeActivationField('identity'),
  ...likelihoodFields,
  pretrainEpochsPerLayer: numberField(1, 'greedy pretraining: epochs per layer pair before end-to-end fine-tuning (0: none)', { integer: true, min: 0 }),
  pretrainStepsPerLayer: numberField(0, 'greedy pretraining scheduled by steps instead of epochs (0: use pretrainEpochsPerLayer)', { integer: true, min: 0 }),
  // No corruption by default: a plain stacked AE; 'sdae' corrupts.
  ...corruptionFields('masking', 0),
};

export type StackedAeConfig = { model: string } & FieldValues<typeof stackedAeFields>;

export const stackedAeSchema: ModelSchema<StackedAeConfig> = {
  name: 'stacked-ae',
  summary: 'stacked autoencoder: deep MLP AE with greedy layer-wise pretraining, then end-to-end fine-tuning',
  fields: stackedAeFields,
  check(config) {
    checkCorruption(config);
    if (config.pretrainEpochsPerLayer > 0 && config.pretrainStepsPerLayer > 0) {
      throw new ModelConfigError(`${config.model}: set 'pretrainEpochsPerLayer' or 'pretrainStepsPerLayer', not both`);
    }
  },
};

/**
 * The stacked denoising autoencoder: the same class with Vincent et al. 2010's MNIST SDAE-3 as defaults —
 * three sigmoid layers of 1000 units (the third is the code), masking noise ν = 0.25 on each layer's input.
 */
export const sdaeSchema: ModelSchema<StackedAeConfig> = {
  ...stackedAeSchema,
  name: 'sdae',
  summary: 'stacked denoising autoencoder (Vincent et al. 2010): each layer pair pretrained as a denoising AE on the clean codes below',
  fields: {
    ...stackedAeFields,
    latentDim: latentDimField(1000),
    hidden: numberListField([1000, 1000], 'encoder layer sizes before the code, one pretraining stage each (the decoder mirrors them)', { integer: true, min: 1 }),
    activation: choiceField(ACTIVATIONS, 'sigmoid', 'activation of the hidden layers'),
    codeActivation: codeActivationField('sigmoid'),
    ...corruptionFields('masking', 0.25),
  },
};
