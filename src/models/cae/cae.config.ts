/**
 * Contractive autoencoder (Rifai et al. 2011): loss = −log p(x | g(h(x))) + λ‖J_h(x)‖²_F, the Frobenius norm of
 * the encoder's Jacobian (the lecture's first-order form of the stochastic contractive penalty).
 */
import { choiceField, codeActivationField, latentDimField, ModelConfigError, networkFields, numberField, type FieldValues, type ModelSchema } from '../blocks/config-fields.js';
import { aeFields, aeSchema } from '../ae/ae.config.js';

export const caeFields = {
  ...aeFields,
  latentDim: latentDimField(32),
  // Rifai et al.'s encoder is one sigmoid layer, where the penalty has a closed form.
  ...networkFields([]),
  codeActivation: codeActivationField('sigmoid'),
  contractiveWeight: numberField(0.1, 'λ, the weight of ‖J_h(x)‖²_F', { min: 0 }),
  contractiveMethod: choiceField(['auto', 'closed-form', 'autodiff'] as const, 'auto',
    "'closed-form' (one-layer MLP encoder only), 'autodiff' (any encoder: one backward pass per code unit), 'auto' (closed form where it applies)"),
};

export type CaeConfig = { model: string } & FieldValues<typeof caeFields>;

/** Whether the encoder is the single layer h = act(Wx + b) the closed form covers. */
export function hasOneLayerEncoder(config: CaeConfig): boolean {
  return config.arch === 'mlp' && config.hidden.length === 0;
}

export const caeSchema: ModelSchema<CaeConfig> = {
  name: 'cae',
  summary: 'contractive autoencoder: reconstruction NLL + λ·‖J_h(x)‖²_F',
  fields: caeFields,
  check(config) {
    aeSchema.check(config);
    if (config.contractiveMethod === 'closed-form' && !hasOneLayerEncoder(config)) {
      throw new ModelConfigError("cae: option 'contractiveMethod' 'closed-form' needs a one-layer encoder (arch 'mlp', hidden []); use 'autodiff'");
    }
  },
};
