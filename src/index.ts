/** aekit: the autoencoder toolkit for TypeScript. */
import './tensor/methods.js';

export { Tensor, type GradFn, type NestedArray } from './tensor/tensor.js';
export { Generator } from './tensor/random.js';
export * from './tensor/shape.js';

export type { Backend, UnaryOp, BinaryOp, ReduceOp, Conv2dGeometry, AdamStep } from './backend/backend.js';
export { backend, setBackend, registerBackend, listBackends } from './backend/registry.js';
export { JsBackend } from './backend/js-backend.js';

export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export { backward, gradients, type BackwardOptions } from './autograd/backward.js';
export { grad, valueAndGrad, type TransformOptions } from './autograd/transforms.js';
export { gradCheck, assertGradients, type GradCheckOptions } from './autograd/gradcheck.js';

export * from './ops/creation.js';
export * from './ops/random.js';
export * from './ops/unary.js';
export * from './ops/binary.js';
export * from './ops/where.js';
export * from './ops/reduce.js';
export * from './ops/shape-ops.js';
export * from './ops/matmul.js';
export * from './ops/softmax.js';
export * from './ops/index-ops.js';
export * from './ops/dropout.js';
export * from './ops/conv.js';

export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export { MiniBatches, takeRows, type MiniBatchOptions } from './train/mini-batches.js';
export * as viz from './viz/index.js';
export * as distributions from './distributions/index.js';
export { Distribution, Normal, Bernoulli, Categorical, Laplace, klDivergence, klStandardNormal } from './distributions/index.js';
export {
  gaussianNll, mseLoss, bernoulliNll, binaryCrossEntropyWithLogits, binaryCrossEntropy, crossEntropy, laplaceNll, l1Loss,
  type Reduction, type LossOptions,
} from './distributions/index.js';
export * as models from './models/index.js';
export * from './ops/bce.js';
export { useBackend, useBackendFromEnv, BACKEND_NAMES, type BackendName, type SelectOptions } from './backend/select.js';
export * from './ops/linear.js';
export * as evaluation from './eval/index.js';
