/**
 * Weight initialisers. Each fills a tensor in place (PyTorch's trailing-underscore convention) from an
 * explicit Generator and returns it. The formulas follow torch.nn.init, so a model initialised here has the
 * same distribution as its PyTorch twin.
 */
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

export type Nonlinearity = 'linear' | 'conv' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';
export type FanMode = 'fanIn' | 'fanOut';

/**
 * The gain that keeps activations' variance stable through a nonlinearity (PyTorch's `calculate_gain`):
 * 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for ReLU, √(2/(1+a²)) for leaky ReLU with slope a, 3/4 for SELU.
 */
export function calculateGain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      return Math.sqrt(2 / (1 + negativeSlope * negativeSlope));
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(`calculateGain: unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/**
 * Fan-in and fan-out of a weight: for Linear's out×in matrix (in, out); for a conv weight
 * dim0×dim1×kh×kw, (dim1·kh·kw, dim0·kh·kw). NOTE: as in PyTorch, this reads a ConvTranspose2d weight
 * (in×out×kh×kw) the same way, so its "fan-in" is out·kh·kw.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new ShapeError(`computeFans: a weight needs at least 2 dimensions, got ${formatShape(shape)}`);
  const receptive = shape.slice(2).reduce((p, d) => p * d, 1);
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

export function uniform_(t: Tensor, gen: Generator, low = 0, high = 1): Tensor {
  gen.fillUniform(t.data, low, high);
  return t;
}

export function normal_(t: Tensor, gen: Generator, mean = 0, std = 1): Tensor {
  gen.fillNormal(t.data, mean, std);
  return t;
}

export function constant_(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

export const zeros_ = (t: Tensor): Tensor => constant_(t, 0);
export const ones_ = (t: Tensor): Tensor => constant_(t, 1);

export interface XavierOptions {
  gain?: number;
}

/** Glorot & Bengio (2010): U(−a, a) with a = gain·√(6/(fanIn+fanOut)). */
export function xavierUniform_(t: Tensor, gen: Generator, options: XavierOptions = {}): Tensor {
  const { fanIn, fanOut } = computeFans(t.shape);
  const bound = (options.gain ?? 1) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, gen, -bound, bound);
}

/** Glorot & Bengio (2010): N(0, σ²) with σ = gain·√(2/(fanIn+fanOut)). */
export function xavierNormal_(t: Tensor, gen: Generator, options: XavierOptions = {}): Tensor {
  const { fanIn, fanOut } = computeFans(t.shape);
  return normal_(t, gen, 0, (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  /** Negative slope of the leaky ReLU that follows (only used with nonlinearity 'leakyRelu'). Default 0. */
  a?: number;
  /** Preserve the variance of activations ('fanIn', default) or of gradients ('fanOut'). */
  mode?: FanMode;
  /** Default 'leakyRelu', which with a = 0 is ReLU's gain √2, as in PyTorch. */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, options: KaimingOptions): number {
  const fans = computeFans(t.shape);
  const fan = (options.mode ?? 'fanIn') === 'fanIn' ? fans.fanIn : fans.fanOut;
  return calculateGain(options.nonlinearity ?? 'leakyRelu', options.a ?? 0) / Math.sqrt(fan);
}

/** He et al. (2015): U(−b, b) with b = gain·√(3/fan). */
export function kaimingUniform_(t: Tensor, gen: Generator, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, gen, -bound, bound);
}

/** He et al. (2015): N(0, σ²) with σ = gain/√fan. */
export function kaimingNormal_(t: Tensor, gen: Generator, options: KaimingOptions = {}): Tensor {
  return normal_(t, gen, 0, kaimingStd(t, options));
}

export const glorotUniform_ = xavierUniform_;
export const glorotNormal_ = xavierNormal_;
export const heUniform_ = kaimingUniform_;
export const heNormal_ = kaimingNormal_;
