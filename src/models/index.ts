/** aekit.models: the autoencoder family, its registry and model files. */
export type {
  Autoencoder, Batch, LossResult, TrainContext, ModelConfigBase, ModelCapabilities, ModelStructure, GaussianPosterior,
  GenerativeAutoencoder, VariationalAutoencoder, CorruptingAutoencoder, SemiSupervisedAutoencoder, ImportanceSampler,
} from './autoencoder.js';
// isVariational, isGenerative, isCorrupting, isSemiSupervised and UNLABELLED are top-level exports of the package.
// buildModel, defaultConfig and MODEL_NAMES are top-level exports of the package.
export { validateModelConfig, describeModelOptions, parseModelOption, modelSchema, type ModelOptionInfo } from './registry.js';
export { ModelConfigError, type ModelSchema, type OptionType, type Field, type Fields } from './blocks/config-fields.js';
export { AutoencoderBase, type LikelihoodModelConfig } from './blocks/autoencoder-base.js';
export { Encoder, Decoder, type NetworkConfig, type EncoderOptions, type DecoderOptions } from './blocks/networks.js';
export { DecoderLikelihood, type LikelihoodConfig } from './blocks/likelihood.js';
export type { ImportanceWeights } from './blocks/importance-weights.js';
export { contractivePenaltyClosedForm, contractivePenaltyAutodiff } from './blocks/contractive.js';
export { samplePrior, PRIORS, type PriorName } from './blocks/priors.js';
export { AE } from './ae/ae.model.js';
export type { AeConfig } from './ae/ae.config.js';
export { StackedAE } from './stacked-ae/stacked-ae.model.js';
export type { StackedAeConfig } from './stacked-ae/stacked-ae.config.js';
export { DenoisingAE } from './dae/dae.model.js';
export type { DaeConfig } from './dae/dae.config.js';
export { ContractiveAE } from './cae/cae.model.js';
export type { CaeConfig } from './cae/cae.config.js';
export { SparseAE, klSparsity, l1Sparsity } from './sparse-ae/sparse-ae.model.js';
export type { SparseAeConfig } from './sparse-ae/sparse-ae.config.js';
export { VAE, type Posterior } from './vae/vae.model.js';
export type { VaeConfig } from './vae/vae.config.js';
export type { BetaVaeConfig } from './beta-vae/beta-vae.config.js';
export { ConditionalVAE } from './cvae/cvae.model.js';
export type { CvaeConfig } from './cvae/cvae.config.js';
export { AdversarialAE } from './aae/aae.model.js';
export type { AaeConfig } from './aae/aae.config.js';
export { IWAE } from './iwae/iwae.model.js';
export type { IwaeConfig } from './iwae/iwae.config.js';
export { HierarchicalVAE } from './hvae/hvae.model.js';
export type { HvaeConfig } from './hvae/hvae.config.js';
export { StochasticContractiveAE } from './scae/scae.model.js';
export type { ScaeConfig } from './scae/scae.config.js';
export { M2 } from './m2/m2.model.js';
export type { M2Config } from './m2/m2.config.js';
