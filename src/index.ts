/**
 * aekit: the autoencoder toolkit for TypeScript — the platform-free core. Everything reachable from this file
 * runs in Node and in browsers alike: it compiles without Node's types (tsconfig.core.json) and `npm test`
 * bundles it for the browser and fails on any Node import. Node programs get the Node layer on top (the native
 * backend, files, data loaders, the trainer, figures) from `aekit` itself (export condition `node`) or from
 * `aekit/node` (src/node.ts).
 */
import './tensor/methods.js';

// ---- tensors and randomness
export { Tensor, type GradFn, type NestedArray } from './tensor/tensor.js';
export { Generator } from './tensor/random.js';
export { ShapeError, broadcastShapes, type Shape } from './tensor/shape.js';

// ---- kernel backends: `await useBackend()` picks the fastest that loads here
export type { Backend, UnaryOp, BinaryOp, ReduceOp, Conv2dGeometry, AdamStep } from './backend/backend.js';
export { backend, setBackend } from './backend/registry.js';
export { useBackend, BACKEND_NAMES, type BackendName, type SelectOptions } from './backend/select.js';
export { JsBackend } from './backend/js-backend.js';
export {
  WasmBackend, createWasmBackend, setWasmPaths, wasmFileName, relaxedSimdSupported, type WasmBackendOptions, type WasmPaths,
  type WasmFile,
} from './backend/wasm-backend.js';

// ---- autodiff
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export { backward, gradients, type BackwardOptions } from './autograd/backward.js';
export { grad, valueAndGrad, type TransformOptions } from './autograd/transforms.js';
export { gradCheck, assertGradients, type GradCheckOptions, type GradCheckMismatch } from './autograd/gradcheck.js';

// ---- ops (forward and backward side by side in src/ops)
export { tensor, scalar, full, zeros, ones, zerosLike, onesLike, fullLike, arange, linspace, eye, asTensor } from './ops/creation.js';
export { uniform, normal, bernoulli, randint } from './ops/random.js';
export {
  neg, exp, log, log1p, expm1, sqrt, rsqrt, abs, sign, square, reciprocal, sigmoid, tanh, relu, softplus, logSigmoid, leakyRelu, elu,
  clamp, isNan,
} from './ops/unary.js';
export { add, sub, mul, div, pow, maximum, minimum, gt, ge, lt, le, eq, ne, type Operand } from './ops/binary.js';
export { where } from './ops/where.js';
export { sum, mean, max, min, argmax, argmin, logSumExp, variance, type Axes } from './ops/reduce.js';
export {
  reshape, flatten, unsqueeze, squeeze, broadcastTo, permute, transpose, slice, concat, split, stack, type Range,
} from './ops/shape-ops.js';
export { matmul, type MatmulOptions } from './ops/matmul.js';
export { linear } from './ops/linear.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { indexSelect, gather, oneHot, type Indices } from './ops/index-ops.js';
export { dropout } from './ops/dropout.js';
export {
  conv2d, convTranspose2d, maxPool2d, avgPool2d, upsampleNearest, type Conv2dOptions, type ConvTranspose2dOptions,
  type Pool2dOptions, type Pair,
} from './ops/conv.js';
export { bceWithLogits } from './ops/bce.js';

// ---- layers, optimizers, distributions and the losses they induce
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as distributions from './distributions/index.js';
export {
  gaussianNll, mseLoss, bernoulliNll, binaryCrossEntropyWithLogits, binaryCrossEntropy, crossEntropy, laplaceNll, l1Loss,
  type Reduction, type LossOptions,
} from './distributions/index.js';

// ---- data held in memory: datasets, batching, synthetic manifolds, corruption
export { MiniBatches, takeRows, type MiniBatchOptions } from './train/mini-batches.js';
export * as data from './data/index.js';
export type { Dataset } from './data/dataset.js';

// ---- the autoencoder family, typed per model, and model files as bytes
export * as models from './models/index.js';
export {
  buildModel, defaultConfig, MODEL_NAMES, type ModelName, type ModelConfigs, type ModelClasses, type ConfigOf, type ModelOptions,
  type ModelBuildOptions,
} from './models/registry.js';
export { isVariational, isGenerative, isCorrupting, isSemiSupervised, UNLABELLED, type Autoencoder } from './models/autoencoder.js';
export { loadModel, modelToBytes, type LoadModelOptions } from './models/model-io.js';
export { ModelFileError } from './io/model-file-error.js';
export { MissingPackageError } from './util/optional-package.js';
export type { JsonObject } from './io/model-file.js';
export type { SafetensorsEntry, SafetensorsDtype } from './io/safetensors.js';

// ---- evaluation: metrics, PCA, neighbours, baselines (the report and comparison figures are in the Node layer)
export * as evaluation from './eval/index.js';
