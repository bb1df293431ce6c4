/** aekit.optim: optimizers, gradient clipping and learning-rate schedules. */
export {
  Optimizer, type HyperParams, type ParamGroup, type ParamGroupInput, type ParamsInput, type ParamState, type OptimizerStateDict,
} from './optimizer.js';
export { SGD, type SGDHyperParams } from './sgd.js';
export { Adam, AdamW, type AdamHyperParams } from './adam.js';
export { RMSprop, type RMSpropHyperParams } from './rmsprop.js';
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from './clip.js';
export {
  LRScheduler, StepLR, ExponentialLR, CosineAnnealingLR, LinearWarmupLR, ReduceLROnPlateau, type Schedule, type LinearWarmupOptions,
  type ReduceLROnPlateauOptions, type AnyOptimizer,
} from './schedules.js';
