/**
 * The lecture's maximum-likelihood view (chapter 1): a network does not output y, it outputs the parameters
 * of a distribution p(y | f_θ(x)), and training minimises −log p. The same MLP body is trained on two toy
 * problems: continuous targets with input-dependent noise under a Gaussian output (the network outputs μ and
 * log σ²; with σ fixed this would be MSE), and binary targets under a Bernoulli output (the network outputs a
 * logit; the NLL is cross-entropy). Because the output is a distribution, we can sample from the fitted model.
 */
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Bernoulli } from '../distributions/bernoulli.js';
import { Normal } from '../distributions/gaussian.js';
import { mlp } from '../nn/mlp.js';
import { Adam } from '../optim/adam.js';
import { linspace } from '../ops/creation.js';
import { mean } from '../ops/reduce.js';
import { reshape, split } from '../ops/shape-ops.js';
import { neg } from '../ops/unary.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

export interface LikelihoodConfig {
  samples: number;
  hidden: number;
  steps: number;
  lr: number;
  seed: number;
  /** Points on the x grid where the fitted distribution is reported and sampled. */
  gridPoints: number;
}

export const LIKELIHOOD_DEFAULTS: LikelihoodConfig = { samples: 2000, hidden: 32, steps: 600, lr: 0.01, seed: 0, gridPoints: 61 };

/** The toy problems' ground truth on x ∈ [−3, 3]. */
export const TRUTH = {
  gaussianMean: (x: number): number => Math.sin(1.5 * x),
  gaussianStd: (x: number): number => 0.05 + 0.15 * Math.abs(x),
  bernoulliProb: (x: number): number => 1 / (1 + Math.exp(-3 * Math.sin(1.5 * x))),
};

export interface LikelihoodRun {
  distribution: 'gaussian' | 'bernoulli';
  /** What the network's outputs mean. */
  outputs: string[];
  /** Mean negative log-likelihood per sample (nats) at the start and end of training. */
  nllStart: number;
  nllEnd: number;
  /** The training data. */
  data: { x: number[]; y: number[] };
  /** The fitted distribution's parameters on the grid: { mean, std } or { prob }, with the truth beside them. */
  grid: { x: number[]; fitted: Record<string, number[]>; truth: Record<string, number[]> };
  /** One draw from the fitted distribution at each grid point. */
  samples: number[];
  /** Mean absolute error of each fitted parameter against the truth over the grid. */
  parameterError: Record<string, number>;
}

function column(values: ArrayLike<number>): Tensor {
  return new Tensor(Float32Array.from(values), [values.length, 1]);
}

function makeData(kind: 'gaussian' | 'bernoulli', n: number, gen: Generator): { x: number[]; y: number[] } {
  const x = Array.from({ length: n }, () => -3 + 6 * gen.nextDouble());
  const y = x.map((v) => kind === 'gaussian'
    ? TRUTH.gaussianMean(v) + TRUTH.gaussianStd(v) * gen.nextNormal()
    : (gen.nextDouble() < TRUTH.bernoulliProb(v) ? 1 : 0));
  return { x, y };
}

/** The output distribution of the network for inputs x (N×1). */
function outputDistribution(kind: 'gaussian' | 'bernoulli', out: Tensor): Normal | Bernoulli {
  if (kind === 'bernoulli') return new Bernoulli(out);
  const [mu, logVar] = split(out, 2, 1) as [Tensor, Tensor];
  return Normal.fromLogVar(mu, logVar);
}

function meanAbsError(a: number[], b: number[]): number {
  return a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
}

export function fitLikelihood(kind: 'gaussian' | 'bernoulli', config: LikelihoodConfig): LikelihoodRun {
  const gen = new Generator(config.seed);
  const [dataGen, netGen, sampleGen] = gen.split(3) as [Generator, Generator, Generator];
  const data = makeData(kind, config.samples, dataGen);
  const x = column(data.x);
  const y = column(data.y);
  // The same body for both; only the number of distribution parameters differs (μ, log σ² vs one logit).
  const net = mlp([1, config.hidden, config.hidden, kind === 'gaussian' ? 2 : 1], { gen: netGen, activation: 'tanh' });
  const optimizer = new Adam(net.parameters(), { lr: config.lr });
  const nll = (): Tensor => neg(mean(outputDistribution(kind, net.forward(x)).logProb(y)));
  const nllStart = noGrad(() => nll().item());
  for (let step = 0; step < config.steps; step++) {
    optimizer.zeroGrad();
    backward(nll());
    optimizer.step();
  }
  const nllEnd = noGrad(() => nll().item());
  const gridX = Array.from(linspace(-3, 3, config.gridPoints).data);
  return noGrad(() => {
    const dist = outputDistribution(kind, net.forward(column(gridX)));
    const samples = Array.from(reshape(dist.sample(sampleGen), [gridX.length]).data);
    let fitted: Record<string, number[]>;
    let truth: Record<string, number[]>;
    if (dist instanceof Normal) {
      fitted = { mean: Array.from(dist.mean.data), std: Array.from(dist.stddev.data) };
      truth = { mean: gridX.map(TRUTH.gaussianMean), std: gridX.map(TRUTH.gaussianStd) };
    } else {
      fitted = { prob: Array.from(dist.probs.data) };
      truth = { prob: gridX.map(TRUTH.bernoulliProb) };
    }
    const parameterError = Object.fromEntries(Object.keys(fitted).map((k) => [k, meanAbsError(fitted[k]!, truth[k]!)]));
    return {
      distribution: kind,
      outputs: kind === 'gaussian' ? ['mean μ(x)', 'log-variance log σ²(x)'] : ['logit ℓ(x), p = σ(ℓ)'],
      nllStart, nllEnd, data, grid: { x: gridX, fitted, truth }, samples, parameterError,
    };
  });
}

export function likelihoodLab(config: LikelihoodConfig = LIKELIHOOD_DEFAULTS): LikelihoodRun[] {
  return [fitLikelihood('gaussian', config), fitLikelihood('bernoulli', config)];
}
