/**
 * Stochastic contractive autoencoder (the lecture's chapter 3; Rifai et al. 2011 relate it to the CAE):
 * loss = −log p(x | g(h(x))) + λ·E_{x̃ ~ q(x̃ | x)}‖h(x) − h(x̃)‖² — the denoising idea used as a regulariser on
 * the code, with the clean x reconstructed. For small Gaussian noise of σ, E‖h(x) − h(x̃)‖² ≈ σ²‖J_h(x)‖²_F, the
 * contractive AE's penalty: λ_SCAE·σ² plays the role of the CAE's λ.
 */
import { codeActivationField, latentDimField, networkFields, numberField, type FieldValues, type ModelSchema } from '../blocks/config-fields.js';
import { checkCorruption, corruptionFields } from '../blocks/corruption.js';
import { aeFields, aeSchema } from '../ae/ae.config.js';

export const scaeFields = {
  ...aeFields,
  latentDim: latentDimField(32),
  // Like the CAE's defaults: one sigmoid layer.
  ...networkFields([]),
  codeActivation: codeActivationField('sigmoid'),
  ...corruptionFields('gaussian', 0.1),
  contractiveWeight: numberField(10, 'λ, the weight of E‖h(x) − h(x̃)‖² (≈ λσ²‖J_h(x)‖²_F for Gaussian noise of small σ: 10 with σ = 0.1 matches the CAE\'s 0.1)', { min: 0 }),
  corruptionCopies: numberField(1, 'corrupted copies x̃ per sample whose penalties are averaged (a Monte Carlo estimate of the expectation)', { integer: true, min: 1 }),
};

export type ScaeConfig = { model: string } & FieldValues<typeof scaeFields>;

export const scaeSchema: ModelSchema<ScaeConfig> = {
  name: 'scae',
  summary: 'stochastic contractive autoencoder: reconstruction NLL + λ·E‖h(x) − h(x̃)‖², x̃ a corrupted copy of x',
  fields: scaeFields,
  check(config) {
    aeSchema.check(config);
    checkCorruption(config);
  },
};
