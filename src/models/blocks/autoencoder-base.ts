/**
 * What every model of the family shares: a config, a decoder likelihood, optional one-hot conditioning, and
 * decode / reconstruct / reconstruction NLL written once in terms of `encode` and `decodeRaw`.
 */
import { backward } from '../../autograd/backward.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { Module, type AnyModule } from '../../nn/module.js';
import { clipGradNorm } from '../../optim/clip.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { oneHot } from '../../ops/index-ops.js';
import { Generator } from '../../tensor/random.js';
import { formatShape, ShapeError } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { UNLABELLED, type Autoencoder, type Batch, type LossResult, type ModelCapabilities, type ModelConfigBase, type ModelStructure, type TrainContext } from '../autoencoder.js';
import { DecoderLikelihood, type LikelihoodConfig } from './likelihood.js';

export type LikelihoodModelConfig = ModelConfigBase & LikelihoodConfig;

/** The default labels of n samples of a label-aware model: the classes in turn, 0, 1, …, K−1, 0, … */
export function cycledLabels(n: number, numClasses: number): Tensor {
  return new Tensor(Float32Array.from({ length: n }, (_, i) => i % numClasses), [n]);
}

/** Labels (N, or N×1, integer-valued) as one-hot rows N × numClasses. */
export function labelsOneHot(labels: Tensor, numClasses: number, n: number, where: string): Tensor {
  if (labels.size !== n || labels.rank === 0 || labels.rank > 2 || (labels.rank === 2 && labels.shape[1] !== 1)) {
    throw new ShapeError(`${where}: labels of shape ${formatShape(labels.shape)} do not match a batch of ${n}`);
  }
  // NOTE: oneHot wraps negative indices (−1 → the last class); a label of UNLABELLED must not become class K−1.
  const bad = labels.data.findIndex((v) => !(v >= 0 && v < numClasses && Number.isInteger(v)));
  if (bad >= 0) {
    const v = labels.data[bad]!;
    throw new RangeError(`${where}: label ${v} of sample ${bad} is out of range: classes are 0 … ${numClasses - 1}${v === UNLABELLED ? ' (it marks an unlabelled sample; this model needs every label)' : ''}`);
  }
  return oneHot(labels, numClasses);
}

export abstract class AutoencoderBase<C extends LikelihoodModelConfig> extends Module implements Autoencoder<C> {
  readonly likelihood: DecoderLikelihood;

  /** `conditionDim` > 0: the encoder and decoder both take the one-hot label (a conditional model). */
  constructor(readonly config: C, readonly conditionDim = 0) {
    super();
    this.likelihood = new DecoderLikelihood(config);
  }

  /** A plain deterministic autoencoder's; models that can do more override it. */
  get capabilities(): ModelCapabilities {
    return {
      variational: false, generative: false, conditional: this.conditionDim > 0, numClasses: this.conditionDim, corruptsInput: false, semiSupervised: false,
    };
  }

  abstract encode(x: Tensor, labels?: Tensor | null): Tensor;

  /** The decoder's raw output for codes z: logits or distribution parameters, N × (k·D). */
  abstract decodeRaw(z: Tensor, labels?: Tensor | null): Tensor;

  abstract loss(batch: Batch, gen: Generator): LossResult;

  decode(z: Tensor, labels: Tensor | null = null): Tensor {
    return this.likelihood.mean(this.decodeRaw(z, labels));
  }

  reconstruct(x: Tensor, labels: Tensor | null = null): Tensor {
    return this.decode(this.encode(x, labels), labels);
  }

  forward(x: Tensor): Tensor {
    return this.reconstruct(x);
  }

  /** −log p(target | z) per code (N), in nats; the reconstruction term of every loss in the family (`repeats`: see Autoencoder). */
  reconstructionNllPerSample(z: Tensor, target: Tensor, labels: Tensor | null = null, repeats = 1): Tensor {
    const raw = this.decodeRaw(z, labels);
    return repeats === 1 ? this.likelihood.nllPerSample(raw, target) : this.likelihood.nllPerSampleRepeated(raw, target, repeats);
  }

  /** The `structure` of a model whose networks are `encoder` and `decoder`, with this model's likelihood. */
  protected networkStructure(encoder: AnyModule, decoder: AnyModule, encoderOutput: ModelStructure['encoderOutput'],
    flattenInput = false): ModelStructure {
    return { encoder, decoder, encoderOutput, flattenInput, likelihood: this.config.decoder, paramsPerValue: this.likelihood.paramsPerValue };
  }

  /** The one-hot condition for a batch of n (null for unconditional models). */
  protected condition(labels: Tensor | null | undefined, n: number): Tensor | null {
    if (this.conditionDim === 0) return null;
    if (labels === null || labels === undefined) throw new Error(`${this.config.model}: this model is conditioned on labels; pass them (batch.labels)`);
    return labelsOneHot(labels, this.conditionDim, n, this.config.model);
  }
}

/** A loss result as plain numbers: { total, ...parts } (the one conversion the trainer, models and tests use). */
export function lossNumbers(result: LossResult): Record<string, number> {
  const out: Record<string, number> = { total: result.total.item() };
  for (const [k, v] of Object.entries(result.parts)) if (k !== 'total') out[k] = v.item();
  return out;
}

/** The optimizer for `group`, or a clear error naming what the model asked for. */
export function optimizerFor(ctx: TrainContext, group: string, model: string): Optimizer {
  const opt = ctx.optimizers.get(group);
  if (opt === undefined) {
    throw new Error(`${model}: trainStep needs an optimizer for group '${group}' (got: ${[...ctx.optimizers.keys()].join(', ') || 'none'}); build one per optimizerGroups() entry`);
  }
  return opt;
}

/**
 * One gradient step on `loss`: clear every gradient of `model`, backpropagate into the group's parameters only, clip
 * the group's gradients to `ctx.clipNorm` (when set, as the trainer's own step does), update the group's parameters.
 */
export function minimize(model: Module, ctx: TrainContext, group: string, loss: () => LossResult, name: string): Record<string, number> {
  const optimizer = optimizerFor(ctx, group, name);
  model.zeroGrad();
  // The model's other parameters (an AAE's discriminator while its encoder steps as the generator) get no gradient
  // this step: their backward products would be computed and thrown away.
  const own = new Set(optimizer.paramGroups.flatMap((g) => g.params));
  const others = model.parameters().filter((p) => p.requiresGrad && !own.has(p));
  for (const p of others) p.requiresGrad = false;
  let result: LossResult;
  try {
    result = loss();
    backward(result.total);
  } finally {
    for (const p of others) p.requiresGrad = true;
  }
  if ((ctx.clipNorm ?? 0) > 0) clipGradNorm(optimizer.paramGroups.flatMap((g) => g.params), ctx.clipNorm!);
  optimizer.step();
  model.zeroGrad();
  return noGrad(() => lossNumbers(result));
}
