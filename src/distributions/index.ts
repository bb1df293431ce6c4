/** Probability distributions and the losses they induce: the likelihood view of autoencoder training. */
export { Distribution } from './distribution.js';
export { Normal, klNormal, klStandardNormal } from './gaussian.js';
export { Bernoulli, klBernoulli } from './bernoulli.js';
export { Categorical, klCategorical } from './categorical.js';
export { Laplace, klLaplace } from './laplace.js';
export { klDivergence } from './kl.js';
export {
  reduceLoss, gaussianNll, mseLoss, bernoulliNll, binaryCrossEntropyWithLogits, binaryCrossEntropy, crossEntropy, laplaceNll, l1Loss,
  type Reduction, type LossOptions, type GaussianNllOptions, type LaplaceNllOptions, type BinaryCrossEntropyOptions,
} from './losses.js';
