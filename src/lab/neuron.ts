/**
 * The lecture's one-neuron experiment (chapter 1, after Nielsen's "Neural Networks and Deep Learning", ch. 3):
 * a single sigmoid neuron a = σ(w·x + b) with input x = 1 and target y = 0, trained by gradient descent with
 * η = 0.15 for 300 epochs, from (w, b) = (0.6, 0.9) and from (2, 2), with two losses:
 *   MSE            C = (a − y)²/2           δ = (a − y)·σ′(z)  — stalls when σ′(z) ≈ 0 (saturated start)
 *   cross-entropy  C = −[y ln a + (1−y) ln(1−a)]   δ = a − y — the σ′ factor cancels, both starts learn fast
 * Gradients come from aekit's autodiff, not from these hand formulas; the test checks they agree.
 */
import { valueAndGrad } from '../autograd/transforms.js';
import { noGrad } from '../autograd/grad-mode.js';
import { add, mul, sub } from '../ops/binary.js';
import { scalar } from '../ops/creation.js';
import { sigmoid, softplus, square } from '../ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

export type NeuronLoss = 'mse' | 'cross-entropy';

export interface NeuronRunConfig {
  w0: number;
  b0: number;
  loss: NeuronLoss;
  eta: number;
  epochs: number;
  input: number;
  target: number;
}

export interface NeuronRun {
  w0: number;
  b0: number;
  loss: NeuronLoss;
  eta: number;
  epochs: number;
  /** output[k] is the neuron's output after k updates (output[0]: before training). */
  output: number[];
}

export const NEURON_DEFAULTS = { eta: 0.15, epochs: 300, input: 1, target: 0 } as const;

export const NEURON_STARTS: readonly [number, number][] = [[0.6, 0.9], [2, 2]];

/** The per-sample cost C(w, b) of one neuron on one example, as a differentiable function. */
export function neuronCost(loss: NeuronLoss, input: number, target: number): (w: Tensor, b: Tensor) => Tensor {
  return (w, b) => {
    const z = add(mul(w, input), b);
    if (loss === 'mse') return mul(square(sub(sigmoid(z), target)), 0.5);
    // −[y ln σ(z) + (1−y) ln(1−σ(z))] = softplus(z) − y·z, which stays finite for any z.
    return sub(softplus(z), mul(z, target));
  };
}

/** Trains one neuron with full-batch gradient descent (one example: one step per epoch). */
export function trainNeuron(config: NeuronRunConfig): NeuronRun {
  const w = scalar(config.w0);
  const b = scalar(config.b0);
  const costAndGrad = valueAndGrad(neuronCost(config.loss, config.input, config.target), { argnums: [0, 1] });
  const output = (): number => noGrad(() => sigmoid(add(mul(w, config.input), b)).item());
  const outputs = [output()];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const [, [gw, gb]] = costAndGrad(w, b);
    // w ← w − η·∂C/∂w, b ← b − η·∂C/∂b (in float64, then stored as float32 like every parameter)
    w.data[0] = w.data[0]! - config.eta * gw!.item();
    b.data[0] = b.data[0]! - config.eta * gb!.item();
    outputs.push(output());
  }
  return { w0: config.w0, b0: config.b0, loss: config.loss, eta: config.eta, epochs: config.epochs, output: outputs };
}

export interface NeuronLabOptions {
  eta?: number;
  epochs?: number;
  starts?: readonly [number, number][];
}

/** All four runs of the lecture: two starts × two losses. */
export function neuronLab(options: NeuronLabOptions = {}): NeuronRun[] {
  const eta = options.eta ?? NEURON_DEFAULTS.eta;
  const epochs = options.epochs ?? NEURON_DEFAULTS.epochs;
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`lab neuron: learning rate must be a positive number, got ${eta}`);
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`lab neuron: epochs must be a non-negative integer, got ${epochs}`);
  const runs: NeuronRun[] = [];
  for (const loss of ['mse', 'cross-entropy'] as const) {
    for (const [w0, b0] of options.starts ?? NEURON_STARTS) {
      runs.push(trainNeuron({ w0, b0, loss, eta, epochs, input: NEURON_DEFAULTS.input, target: NEURON_DEFAULTS.target }));
    }
  }
  return runs;
}

/** The first epoch at which the output falls below `threshold`, or null if it never does. */
export function epochsToReach(run: NeuronRun, threshold: number): number | null {
  const k = run.output.findIndex((a) => a < threshold);
  return k < 0 ? null : k;
}
