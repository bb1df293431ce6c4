/**
 * The stacked autoencoder. Encoder layers E_0 … E_k map sizes [D, …hidden, z]; decoder layers G_l map back,
 * so pair l is the shallow AE a_l → E_l → G_l → â_l, where a_0 = x and a_{l+1} = act(E_l(a_l)). The full
 * decoder applies G_k … G_0 with the same activations, so a pretrained pair drops into place unchanged.
 */
import { activation } from '../../nn/activations.js';
import { Linear } from '../../nn/linear.js';
import { Sequential } from '../../nn/sequential.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { sub } from '../../ops/binary.js';
import { mean } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { affine, square } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Batch, LossResult, ModelStructure, TrainContext } from '../autoencoder.js';
import { AutoencoderBase, minimize } from '../blocks/autoencoder-base.js';
import { sumPerSample } from '../blocks/likelihood.js';
import { inputSize } from '../blocks/networks.js';
import type { StackedAeConfig } from './stacked-ae.config.js';

export class StackedAE extends AutoencoderBase<StackedAeConfig> {
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

  /** Number of layer pairs (hidden layers + the code layer): the pretraining stages. */
  get numLayerPairs(): number {
    return this.encoderLayers.length;
  }

  get structure(): ModelStructure {
    return this.networkStructure(this.encoder, this.decoder, 'code', true);
  }

  encode(x: Tensor): Tensor {
    return this.encoder.forward(reshape(x, [x.shape[0]!, -1]));
  }

  decodeRaw(z: Tensor): Tensor {
    return this.decoder.forward(z);
  }

  /** { reconstruction }: the end-to-end NLL in nats per sample. */
  loss(batch: Batch, _gen: Generator): LossResult {
    const reconstruction = this.likelihood.nll(this.decodeRaw(this.encode(batch.x)), batch.x);
    return { total: reconstruction, parts: { reconstruction } };
  }

  /** The pair being pretrained at this point of the run, or null once fine-tuning has started. */
  pretrainingLayer(step: number, epoch: number): number | null {
    const { pretrainStepsPerLayer: bySteps, pretrainEpochsPerLayer: byEpochs } = this.config;
    const l = bySteps > 0 ? Math.floor(step / bySteps) : byEpochs > 0 ? Math.floor(epoch / byEpochs) : this.numLayerPairs;
    return l < this.numLayerPairs ? l : null;
  }

  /**
   * The shallow-AE loss of pair l on inputs a_l computed (without gradients) by the layers below: the data
   * likelihood's NLL for l = 0, ½‖â_l − a_l‖² per sample (a Gaussian NLL with σ = 1, less its constant) above.
   */
  layerLoss(l: number, x: Tensor): LossResult {
    const act = activation(this.config.activation);
    let a = reshape(x, [x.shape[0]!, -1]);
    if (l > 0) a = noGrad(() => {
      for (let i = 0; i < l; i++) a = act.forward(this.encoderLayers[i]!.forward(a));
      return a;
    });
    let code = this.encoderLayers[l]!.forward(a);
    if (l < this.numLayerPairs - 1) code = act.forward(code);
    const out = this.decoderLayers[l]!.forward(code);
    const reconstruction = l === 0 ? this.likelihood.nll(out, x) : mean(affine(sumPerSample(square(sub(act.forward(out), a))), 0.5, 0));
    return { total: reconstruction, parts: { reconstruction } };
  }

  /**
   * One step of the schedule: during pretraining, an update of pair l only (the layers below run without
   * gradients, so nothing else changes); afterwards, an end-to-end update. Returns { total, reconstruction,
   * pretrainLayer } with pretrainLayer = −1 while fine-tuning.
   */
  trainStep(batch: Batch, ctx: TrainContext): Record<string, number> {
    const l = this.pretrainingLayer(ctx.step, ctx.epoch);
    const loss = l === null ? () => this.loss(batch, ctx.gen) : () => this.layerLoss(l, batch.x);
    return { ...minimize(this, ctx, 'main', loss, this.config.model), pretrainLayer: l ?? -1 };
  }
}
