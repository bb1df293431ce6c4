/**
 * The lecture's vanishing-gradient experiment (chapter 1): a deep MLP classifying MNIST digits, once with
 * sigmoid and once with ReLU hidden units. Backprop multiplies each layer's error by σ′(z) ≤ ¼ for sigmoid,
 * so the gradient reaching the first layers shrinks geometrically with depth; ReLU passes 1 for positive
 * inputs. We record ‖∂L/∂W_l‖_F for every layer l at initialisation and as training proceeds.
 */
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { loadMnist } from '../data/mnist.js';
import { Linear } from '../nn/linear.js';
import type { AnyModule } from '../nn/module.js';
import { mlp } from '../nn/mlp.js';
import { kaimingUniform_, xavierUniform_, zeros_ } from '../nn/init.js';
import { SGD } from '../optim/sgd.js';
import { crossEntropy } from '../distributions/losses.js';
import { argmax } from '../ops/reduce.js';
import { MiniBatches, takeRows } from '../train/mini-batches.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

export type HiddenActivation = 'sigmoid' | 'relu';
/** 'auto' gives each activation its usual init: Glorot/Xavier for sigmoid, He/Kaiming for ReLU. */
export type InitScheme = 'auto' | 'glorot' | 'he';

export interface VanishingConfig {
  layers: number;
  width: number;
  steps: number;
  batch: number;
  lr: number;
  trainSize: number;
  /** Record the gradient norms every this many steps. */
  every: number;
  init: InitScheme;
  seed: number;
}

export const VANISHING_DEFAULTS: VanishingConfig = {
  layers: 10, width: 64, steps: 300, batch: 64, lr: 0.1, trainSize: 2000, every: 25, init: 'auto', seed: 0,
};

export interface VanishingRun {
  activation: HiddenActivation;
  init: 'glorot' | 'he';
  /** Steps at which gradient norms were recorded (0 = at initialisation, before any update). */
  steps: number[];
  /** gradNorms[k][l]: ‖∂L/∂W_l‖_F of layer l (0 = first) at steps[k]. */
  gradNorms: number[][];
  /** Training loss (cross-entropy, nats) at each recorded step. */
  loss: number[];
  /** Accuracy on the training subset after the last step. */
  finalAccuracy: number;
}

function linearLayers(net: AnyModule): Linear[] {
  return net.namedModules().map(([, m]) => m).filter((m): m is Linear => m instanceof Linear);
}

function initialise(net: AnyModule, activation: HiddenActivation, scheme: 'glorot' | 'he', gen: Generator): void {
  for (const m of linearLayers(net)) {
    if (scheme === 'glorot') xavierUniform_(m.weight, gen, { gain: 1 });
    else kaimingUniform_(m.weight, gen, { nonlinearity: activation === 'relu' ? 'relu' : 'sigmoid' });
    if (m.bias !== null) zeros_(m.bias);
  }
}

export function runVanishing(activation: HiddenActivation, config: VanishingConfig, data: { x: Tensor; y: Tensor }): VanishingRun {
  const scheme = config.init === 'auto' ? (activation === 'sigmoid' ? 'glorot' : 'he') : config.init;
  const gen = new Generator(config.seed);
  const sizes = [data.x.shape[1]!, ...new Array<number>(config.layers - 1).fill(config.width), 10];
  const net = mlp(sizes, { gen, activation });
  initialise(net, activation, scheme, gen);
  const linears = linearLayers(net);
  const params = net.parameters();
  const optimizer = new SGD(params, { lr: config.lr });
  const batches = new MiniBatches(data.x.shape[0]!, config.batch, { gen, dropLast: true });
  const run: VanishingRun = { activation, init: scheme, steps: [], gradNorms: [], loss: [], finalAccuracy: 0 };
  let step = 0;
  let epoch = 0;
  while (step <= config.steps) {
    for (const idx of batches.batches(epoch)) {
      if (step > config.steps) break;
      optimizer.zeroGrad();
      const loss = crossEntropy(net.forward(takeRows(data.x, idx)), takeRows(data.y, idx));
      backward(loss);
      if (step % config.every === 0 || step === config.steps) {
        run.steps.push(step);
        run.loss.push(loss.item());
        run.gradNorms.push(linears.map((l) => frobenius(l.weight.grad)));
      }
      if (step < config.steps) optimizer.step();
      step++;
    }
    epoch++;
  }
  run.finalAccuracy = noGrad(() => {
    const predicted = argmax(net.forward(data.x), 1);
    let correct = 0;
    for (let i = 0; i < predicted.size; i++) if (predicted.data[i] === data.y.data[i]) correct++;
    return correct / predicted.size;
  });
  return run;
}

function frobenius(g: Tensor | null): number {
  if (g === null) return 0;
  let s = 0;
  for (let i = 0; i < g.size; i++) s += g.data[i]! * g.data[i]!;
  return Math.sqrt(s);
}

/** Loads the MNIST training subset as flat rows in [0, 1] with float labels. */
export function vanishingData(trainSize: number): { x: Tensor; y: Tensor } {
  const ds = loadMnist({ split: 'train', limit: trainSize });
  const d = ds.images.length / ds.count;
  return { x: new Tensor(ds.images, [ds.count, d]), y: new Tensor(Float32Array.from(ds.labels!), [ds.count]) };
}

export function vanishingLab(config: VanishingConfig = VANISHING_DEFAULTS): VanishingRun[] {
  if (!Number.isInteger(config.layers) || config.layers < 2) throw new RangeError(`lab vanishing: layers must be an integer ≥ 2, got ${config.layers}`);
  const data = vanishingData(config.trainSize);
  return (['sigmoid', 'relu'] as const).map((a) => runVanishing(a, config, data));
}
