/**
 * The stacked autoencoder. Encoder layers E_0 … E_k map sizes [D, …hidden, z]; decoder layers G_l map back,
 * so pair l is the shallow AE a_l → E_l → G_l → â_l, where a_0 = x and a_{l+1} = act(E_l(a_l)) (the code
 * a_{k+1} takes codeActivation). The full decoder applies G_k … G_0 with the same activations, so a pretrained
 * pair drops into place unchanged. With a corruption (the stacked denoising AE) pair l reads a corrupted copy
 * ã_l of its clean input and reconstructs a_l; end to end, the input x is corrupted.
 */
import { activation } from '../../nn/activations.js';
import { Linear } from '../../nn/linear.js';
import type { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/sequential.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { bernoulliNll } from '../../distributions/losses.js';
import { sub } from '../../ops/binary.js';
import { mean } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { affine, square } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Batch, CorruptingAutoencoder, LossResult, ModelCapabilities, ModelStructure, TrainContext } from '../autoencoder.js';
import { AutoencoderBase, minimize } from '../blocks/autoencoder-base.js';
import { corrupt } from '../blocks/corruption.js';
import { sumPerSample } from '../blocks/likelihood.js';
import { inputSize } from '../blocks/networks.js';
import type { StackedAeConfig } from './stacked-ae.config.js';

/** The loss part of pretraining stage l (0-based): 'pretrain1', 'pretrain2', … */
export function pretrainPart(l: number): string {
  return `pretrain${l + 1}`;
}

export class StackedAE extends AutoencoderBase<StackedAeConfig> implements CorruptingAutoencoder<StackedAeConfig> {
  readonly encoder: Sequential;
  readonly decoder: Sequential;
  /** E_l: layer l of the encoder. */
  readonly encoderLayers: Linear[] = [];
  /** G_l: the decoder layer that undoes E_l. */
  readonly decoderLayers: Linear[] = [];

  constructor(config: StackedAeConfig, gen: Generator) {
    super(config);
    const sizes = [inputSize(config.inputShape), ...config.hidden, config.latentDim];
    const pairs = sizes.length - 1;
    this.encoder = this.registerModule('encoder', new Sequential());
    for (let l = 0; l < pairs; l++) {
      const layer = new Linear(sizes[l]!, sizes[l + 1]!, { gen });
      this.encoderLayers.push(layer);
      this.encoder.append(layer);
      if (l < pairs - 1) this.encoder.append(activation(config.activation));
      else if (config.codeActivation !== 'identity') this.encoder.append(activation(config.codeActivation));
    }
    this.decoder = this.registerModule('decoder', new Sequential());
    for (let l = pairs - 1; l >= 0; l--) {
      const out = l === 0 ? this.likelihood.paramsPerValue * sizes[0]! : sizes[l]!;
      const layer = new Linear(sizes[l + 1]!, out, { gen });
      this.decoderLayers[l] = layer;
      this.decoder.append(layer);
      if (l > 0) this.decoder.append(activation(config.activation));
    }
  }

  override get capabilities(): ModelCapabilities {
    return { ...super.capabilities, corruptsInput: this.config.corruptionAmount > 0 };
  }

  /** Number of layer pairs (hidden layers + the code layer): the pretraining stages. */
  get numLayerPairs(): number {
    return this.encoderLayers.length;
  }

  get structure(): ModelStructure {
    return this.networkStructure(this.encoder, this.decoder, 'code', true);
  }

  /** x̃ ~ q(x̃ | x) with the config's corruption (x itself when the amount is 0). */
  corrupt(x: Tensor, gen: Generator): Tensor {
    return this.config.corruptionAmount > 0 ? corrupt(this.config.corruption, this.config.corruptionAmount, x, gen) : x;
  }

  encode(x: Tensor): Tensor {
    return this.encoder.forward(reshape(x, [x.shape[0]!, -1]));
  }

  decodeRaw(z: Tensor): Tensor {
    return this.decoder.forward(z);
  }

  /** { reconstruction }: the end-to-end NLL of x in nats per sample, from a corrupted copy when the model corrupts. */
  loss(batch: Batch, gen: Generator): LossResult {
    const reconstruction = this.likelihood.nll(this.decodeRaw(this.encode(this.corrupt(batch.x, gen))), batch.x);
    return { total: reconstruction, parts: { reconstruction } };
  }

  /** The pair being pretrained at this point of the run, or null once fine-tuning has started. */
  pretrainingLayer(step: number, epoch: number): number | null {
    const { pretrainStepsPerLayer: bySteps, pretrainEpochsPerLayer: byEpochs } = this.config;
    const l = bySteps > 0 ? Math.floor(step / bySteps) : byEpochs > 0 ? Math.floor(epoch / byEpochs) : this.numLayerPairs;
    return l < this.numLayerPairs ? l : null;
  }

  /** The activation after E_l. */
  private activationAfter(l: number): Module<[Tensor], Tensor> {
    return activation(l < this.numLayerPairs - 1 ? this.config.activation : this.config.codeActivation);
  }

  /**
   * The shallow-AE loss of pair l, in nats per sample, on its clean input a_l (computed without gradients by the
   * layers below) and, when the model corrupts, a corrupted copy ã_l drawn from `gen` as what E_l reads:
   * the data likelihood's NLL for l = 0; above, where a_l comes from sigmoid units (values in (0, 1)), the
   * Bernoulli NLL of a_l under σ(G_l(·)) as Vincent et al. use, else ½‖act(G_l(·)) − a_l‖² (a Gaussian NLL
   * with σ = 1, less its constant).
   */
  layerLoss(l: number, x: Tensor, gen: Generator | null = null): LossResult {
    const act = activation(this.config.activation);
    let a = reshape(x, [x.shape[0]!, -1]);
    if (l > 0) a = noGrad(() => {
      for (let i = 0; i < l; i++) a = act.forward(this.encoderLayers[i]!.forward(a));
      return a;
    });
    const input = gen === null ? a : this.corrupt(a, gen);
    const code = this.activationAfter(l).forward(this.encoderLayers[l]!.forward(input));
    const out = this.decoderLayers[l]!.forward(code);
    const reconstruction = l === 0 ? this.likelihood.nll(out, x)
      : this.config.activation === 'sigmoid' ? mean(sumPerSample(bernoulliNll(out, a, { reduction: 'none' })))
        : mean(affine(sumPerSample(square(sub(act.forward(out), a))), 0.5, 0));
    return { total: reconstruction, parts: { [pretrainPart(l)]: reconstruction } };
  }

  /**
   * One step of the schedule: during pretraining stage l, an update of pair l only (the layers below run
   * without gradients, so nothing else changes), reported as { total, pretrain<l+1> }; afterwards an end-to-end
   * update, reported as { total, reconstruction }. Each stage's loss is its own part: the pixel NLL of the whole
   * network is never mixed with a stage's.
   */
  trainStep(batch: Batch, ctx: TrainContext): Record<string, number> {
    const l = this.pretrainingLayer(ctx.step, ctx.epoch);
    const loss = l === null ? () => this.loss(batch, ctx.gen) : () => this.layerLoss(l, batch.x, ctx.gen);
    return minimize(this, ctx, 'main', loss, this.config.model);
  }
}
