/** Conv2d and ConvTranspose2d layers over NCHW tensors, wrapping the ops in src/ops/conv.ts. */
import { conv2d, convTranspose2d, type Pair } from '../ops/conv.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { computeFans, kaimingUniform_, uniform_ } from './init.js';
import type { ActivationFusingLayer, FusedActivation } from './activations.js';
import { Module, Parameter } from './module.js';

export interface Conv2dLayerOptions {
  gen: Generator;
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  bias?: boolean;
}

export interface ConvTranspose2dLayerOptions extends Conv2dLayerOptions {
  /** Extra rows/columns on the bottom/right of the output (must be smaller than stride or dilation). */
  outputPadding?: Pair;
}

function pair(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** PyTorch's default conv init: weight kaiming_uniform(a = √5), i.e. U(±1/√fanIn), bias U(±1/√fanIn). */
function initConv(register: (name: string, t: Tensor) => Parameter, shape: number[], gen: Generator, bias: boolean,
  biasSize: number): [Parameter, Parameter | null] {
  const weight = register('weight', kaimingUniform_(Tensor.empty(shape), gen, { a: Math.sqrt(5) }));
  const bound = 1 / Math.sqrt(computeFans(shape).fanIn);
  return [weight, bias ? register('bias', uniform_(Tensor.empty([biasSize]), gen, -bound, bound)) : null];
}

function checkChannels(name: string, inC: number, outC: number, kernel: Pair): void {
  const [kh, kw] = pair(kernel);
  for (const v of [inC, outC, kh, kw]) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name}: channels and kernel size must be positive integers, got ${inC}, ${outC}, ${kh}×${kw}`);
  }
}

/** 2-D convolution: N×inC×H×W → N×outC×H'×W', weight outC×inC×kh×kw. */
export class Conv2d extends Module implements ActivationFusingLayer {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: Pair, options: Conv2dLayerOptions) {
    super();
    checkChannels('Conv2d', inChannels, outChannels, kernelSize);
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    [this.weight, this.bias] = initConv((n, t) => this.registerParameter(n, t), [outChannels, inChannels, ...pair(kernelSize)],
      options.gen, options.bias ?? true, outChannels);
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }

  /** act(conv(x) + b) in one fused op (Sequential calls it for a Conv2d followed by an activation). */
  forwardActivated(x: Tensor, act: FusedActivation): Tensor {
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, activation: act.activation, param: act.param,
    });
  }

  protected override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernel=${String(this.kernelSize)}, stride=${String(this.stride)}, padding=${String(this.padding)}`;
  }
}

/**
 * Transposed convolution (the adjoint of Conv2d), used to upsample in decoders: N×inC×H×W → N×outC×H'×W'
 * with H' = (H−1)·stride − 2·padding + dilation·(k−1) + outputPadding + 1; weight inC×outC×kh×kw.
 */
export class ConvTranspose2d extends Module implements ActivationFusingLayer {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly outputPadding: Pair;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: Pair, options: ConvTranspose2dLayerOptions) {
    super();
    checkChannels('ConvTranspose2d', inChannels, outChannels, kernelSize);
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.outputPadding = options.outputPadding ?? 0;
    [this.weight, this.bias] = initConv((n, t) => this.registerParameter(n, t), [inChannels, outChannels, ...pair(kernelSize)],
      options.gen, options.bias ?? true, outChannels);
  }

  forward(x: Tensor): Tensor {
    return this.forwardActivated(x, { activation: 'identity', param: 0 });
  }

  /** act(convTranspose(x) + b) in one fused op (Sequential calls it for a ConvTranspose2d followed by an activation). */
  forwardActivated(x: Tensor, act: FusedActivation): Tensor {
    return convTranspose2d(x, this.weight, this.bias, {
      stride: this.stride, padding: this.padding, dilation: this.dilation, outputPadding: this.outputPadding,
      activation: act.activation, param: act.param,
    });
  }

  protected override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernel=${String(this.kernelSize)}, stride=${String(this.stride)}, padding=${String(this.padding)}, outputPadding=${String(this.outputPadding)}`;
  }
}
