/**
 * The encoder and decoder networks shared by the family. Both come in two architectures:
 * - 'mlp':  flatten → [condition] → Linear/act … → out;
 * - 'conv': Conv2d(k4, s2, p1)/act per channel count (each halves H and W) → flatten → [condition] → dense → out,
 *           and the decoder mirrors it: dense → unflatten → ConvTranspose2d(k4, s2, p1)/act … → output channels.
 * A condition (a one-hot label, for conditional models) is concatenated to the flattened features and to z.
 */
import { type ActivationName, activation } from '../../nn/activations.js';
import { Conv2d, ConvTranspose2d } from '../../nn/conv.js';
import { Flatten, Unflatten } from '../../nn/flatten.js';
import { mlp } from '../../nn/mlp.js';
import { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/sequential.js';
import { concat } from '../../ops/shape-ops.js';
import { Generator } from '../../tensor/random.js';
import { formatShape, ShapeError } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';

export interface NetworkConfig {
  inputShape: number[];
  arch: 'mlp' | 'conv';
  hidden: number[];
  activation: ActivationName;
  convChannels: number[];
}

const KERNEL = 4;
const STRIDE = 2;
const PADDING = 1;

/** H and W after each conv layer (input first): ⌊H/2⌋ per layer with kernel 4, stride 2, padding 1. */
export function convSizes(config: NetworkConfig): [number, number][] {
  const sizes: [number, number][] = [[config.inputShape[1]!, config.inputShape[2]!]];
  for (let i = 0; i < config.convChannels.length; i++) {
    const [h, w] = sizes[sizes.length - 1]!;
    sizes.push([Math.floor((h + 2 * PADDING - KERNEL) / STRIDE) + 1, Math.floor((w + 2 * PADDING - KERNEL) / STRIDE) + 1]);
  }
  return sizes;
}

export function inputSize(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Number of features the conv stack hands to the dense layers. */
function convFeatureSize(config: NetworkConfig): number {
  const [h, w] = convSizes(config).at(-1)!;
  return config.convChannels.at(-1)! * h * w;
}

function checkInput(where: string, x: Tensor, shape: readonly number[]): void {
  if (x.rank !== shape.length + 1 || shape.some((d, i) => x.shape[i + 1] !== d)) {
    throw new ShapeError(`${where}: input of shape ${formatShape(x.shape)} is not a batch of ${formatShape(shape)}`);
  }
}

function withCondition(h: Tensor, condition: Tensor | null, conditionDim: number, where: string): Tensor {
  if (conditionDim === 0) return h;
  if (condition === null) throw new Error(`${where}: this network is conditional and needs a condition (one-hot labels)`);
  if (condition.rank !== 2 || condition.shape[0] !== h.shape[0] || condition.shape[1] !== conditionDim) {
    throw new ShapeError(`${where}: condition of shape ${formatShape(condition.shape)} should be ${h.shape[0]}×${conditionDim}`);
  }
  return concat([h, condition], 1);
}

export interface EncoderOptions {
  outDim: number;
  gen: Generator;
  /** Size of the condition concatenated to the features (0: unconditional). */
  conditionDim?: number;
  /** Applied to the output (default 'identity'). */
  outputActivation?: ActivationName;
}

/** x (N × inputShape) [+ condition] → N × outDim. */
export class Encoder extends Module<[Tensor, (Tensor | null)?], Tensor> {
  readonly features: Sequential;
  readonly dense: Sequential;
  readonly conditionDim: number;

  constructor(readonly config: NetworkConfig, options: EncoderOptions) {
    super();
    this.conditionDim = options.conditionDim ?? 0;
    const { gen } = options;
    this.features = this.registerModule('features', new Sequential());
    let featureSize = inputSize(config.inputShape);
    if (config.arch === 'conv') {
      let inC = config.inputShape[0]!;
      for (const c of config.convChannels) {
        this.features.append(new Conv2d(inC, c, KERNEL, { gen, stride: STRIDE, padding: PADDING }));
        this.features.append(activation(config.activation));
        inC = c;
      }
      featureSize = convFeatureSize(config);
    }
    this.features.append(new Flatten());
    this.dense = this.registerModule('dense', mlp([featureSize + this.conditionDim, ...config.hidden, options.outDim], {
      gen, activation: config.activation, outputActivation: options.outputActivation ?? 'identity',
    }));
  }

  forward(x: Tensor, condition: Tensor | null = null): Tensor {
    checkInput('Encoder', x, this.config.inputShape);
    return this.dense.forward(withCondition(this.features.forward(x), condition, this.conditionDim, 'Encoder'));
  }
}

export interface DecoderOptions {
  /** Size of z. */
  inDim: number;
  /** Output values per input value (2 for a Gaussian with learned variance: mean and log-variance). */
  paramsPerValue: number;
  gen: Generator;
  conditionDim?: number;
}

/**
 * z (N × inDim) [+ condition] → N × (paramsPerValue · D), flat: the first D values of each row are the first
 * parameter (logits or means) in the input's layout, the next D the second (log-variances).
 */
export class Decoder extends Module<[Tensor, (Tensor | null)?], Tensor> {
  readonly dense: Sequential;
  readonly upsample: Sequential | null;
  readonly conditionDim: number;

  constructor(readonly config: NetworkConfig, options: DecoderOptions) {
    super();
    this.conditionDim = options.conditionDim ?? 0;
    const { gen, paramsPerValue: k } = options;
    const hidden = [...config.hidden].reverse();
    const sizes = [options.inDim + this.conditionDim, ...hidden];
    if (config.arch === 'mlp') {
      this.dense = this.registerModule('dense', mlp([...sizes, k * inputSize(config.inputShape)], { gen, activation: config.activation }));
      this.upsample = null;
      return;
    }
    const spatial = convSizes(config);
    const channels = config.convChannels;
    this.dense = this.registerModule('dense', mlp([...sizes, convFeatureSize(config)], {
      gen, activation: config.activation, outputActivation: config.activation,
    }));
    const up = new Sequential(new Unflatten(1, [channels.at(-1)!, ...spatial.at(-1)!]));
    for (let i = channels.length - 1; i >= 0; i--) {
      const outC = i === 0 ? k * config.inputShape[0]! : channels[i - 1]!;
      const [h, w] = spatial[i]!;
      const [hIn, wIn] = spatial[i + 1]!;
      // ConvTranspose2d(k4, s2, p1) gives 2·H_in + outputPadding; restore odd sizes with outputPadding 1.
      up.append(new ConvTranspose2d(channels[i]!, outC, KERNEL, { gen, stride: STRIDE, padding: PADDING, outputPadding: [h - 2 * hIn, w - 2 * wIn] }));
      if (i > 0) up.append(activation(config.activation));
    }
    up.append(new Flatten());
    this.upsample = this.registerModule('upsample', up);
  }

  forward(z: Tensor, condition: Tensor | null = null): Tensor {
    const h = this.dense.forward(withCondition(z, condition, this.conditionDim, 'Decoder'));
    return this.upsample === null ? h : this.upsample.forward(h);
  }
}
