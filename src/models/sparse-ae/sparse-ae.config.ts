/**
 * Sparse autoencoder: the reconstruction NLL plus β times a sparsity penalty on the code — the KL divergence
 * Σ_j KL(ρ ‖ ρ̂_j) between a target activation ρ and each sigmoid unit's mean activation ρ̂_j over the batch
 * (Ng's CS294A notes), or the L1 norm of the code.
 */
import { choiceField, codeActivationField, latentDimField, ModelConfigError, numberField, type FieldValues, type ModelSchema } from '../blocks/config-fields.js';
import { aeFields, aeSchema } from '../ae/ae.config.js';

export const sparseAeFields = {
  ...aeFields,
  latentDim: latentDimField(64),
  codeActivation: codeActivationField('sigmoid'),
  sparsity: choiceField(['kl', 'l1'] as const, 'kl', "'kl': Σ_j KL(ρ ‖ ρ̂_j) on mean sigmoid activations; 'l1': mean Σ_j |z_j|"),
  sparsityTarget: numberField(0.05, 'ρ, the target mean activation of each code unit (kl)', { above: 0, max: 0.999999 }),
  sparsityWeight: numberField(1, 'β, the weight of the sparsity penalty (for l1 try ~1e-2)', { min: 0 }),
};

export type SparseAeConfig = { model: string } & FieldValues<typeof sparseAeFields>;

export const sparseAeSchema: ModelSchema<SparseAeConfig> = {
  name: 'sparse-ae',
  summary: 'sparse autoencoder: reconstruction NLL + β·(KL sparsity on mean sigmoid activations, or L1 on the code)',
  fields: sparseAeFields,
  check(config) {
    aeSchema.check(config);
    if (config.sparsity === 'kl' && config.codeActivation !== 'sigmoid') {
      throw new ModelConfigError(`sparse-ae: sparsity 'kl' needs mean activations in (0, 1): set codeActivation 'sigmoid' (got '${config.codeActivation}') or use sparsity 'l1'`);
    }
  },
};
