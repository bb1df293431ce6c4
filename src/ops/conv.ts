/**
 * Convolution family for NCHW tensors, built from two differentiable primitives — `im2col` (patches to
 * columns) and its adjoint `col2im` — and matmul, so every gradient (and second gradient) follows.
 *
 * conv2d and convTranspose2d lay the columns of the whole batch side by side, (C·kh·kw) × (N·outH·outW), so each
 * pass (forward, ∂weight, ∂input) is one GEMM of the batch rather than N small ones; the price is one transpose
 * of the output (and of its gradient) between that layout and NCHW. Bias and activation run in one fused kernel.
 */
import type { Activation, Conv2dGeometry } from '../backend/backend.js';
import { backend } from '../backend/registry.js';
import { noGrad, record } from '../autograd/grad-mode.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { biasActOver } from './bias-act.js';
import { add, sub } from './binary.js';
import { matmul } from './matmul.js';
import { max, mean, min } from './reduce.js';
import { broadcastTo, permute, reshape } from './shape-ops.js';

export type Pair = number | readonly [number, number];

function pair(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
}

function checkNchw(x: Tensor, opName: string): [number, number, number, number] {
  if (x.rank !== 4) throw new ShapeError(`${opName}: expected an N×C×H×W input, got shape ${formatShape(x.shape)}`);
  return x.shape as [number, number, number, number];
}

/** The geometry of a convolution of a C×H×W image with a kh×kw kernel. */
export function convGeometry(channels: number, height: number, width: number, kernel: Pair, options: Conv2dOptions = {}): Conv2dGeometry {
  const [kernelH, kernelW] = pair(kernel);
  const [strideH, strideW] = pair(options.stride ?? 1);
  const [padH, padW] = pair(options.padding ?? 0);
  const [dilationH, dilationW] = pair(options.dilation ?? 1);
  const outH = Math.floor((height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH) + 1;
  const outW = Math.floor((width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW) + 1;
  if (outH <= 0 || outW <= 0) {
    throw new ShapeError(`conv: a ${kernelH}×${kernelW} kernel (stride ${strideH}, padding ${padH}, dilation ${dilationH}) does not fit a ${height}×${width} input`);
  }
  return { channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW };
}

/** N×C×H×W → N×(C·kh·kw)×(outH·outW) patches. */
export function im2col(x: Tensor, g: Conv2dGeometry): Tensor {
  const [n] = checkNchw(x, 'im2col');
  const rows = g.channels * g.kernelH * g.kernelW;
  const cols = g.outH * g.outW;
  const image = g.channels * g.height * g.width;
  const out = Tensor.empty([n, rows, cols]);
  for (let i = 0; i < n; i++) {
    backend().im2col(x.data.subarray(i * image, (i + 1) * image), g, out.data.subarray(i * rows * cols, (i + 1) * rows * cols));
  }
  return record(out, 'im2col', [x], (grad) => [col2im(grad, g)]);
}

/** N×(C·kh·kw)×(outH·outW) → N×C×H×W, summing overlapping patches: the adjoint of im2col. */
export function col2im(cols: Tensor, g: Conv2dGeometry): Tensor {
  const n = cols.shape[0]!;
  const rows = g.channels * g.kernelH * g.kernelW;
  const len = g.outH * g.outW;
  if (cols.rank !== 3 || cols.shape[1] !== rows || cols.shape[2] !== len) {
    throw new ShapeError(`col2im: expected columns of shape [N, ${rows}, ${len}], got ${formatShape(cols.shape)}`);
  }
  const image = g.channels * g.height * g.width;
  const out = Tensor.empty([n, g.channels, g.height, g.width]);
  for (let i = 0; i < n; i++) {
    backend().col2im(cols.data.subarray(i * rows * len, (i + 1) * rows * len), g, out.data.subarray(i * image, (i + 1) * image));
  }
  return record(out, 'col2im', [cols], (grad) => [im2col(grad, g)]);
}

/** N×C×H×W → (C·kh·kw) × (N·outH·outW): the columns of the whole batch side by side (image n's from n·outH·outW). */
export function im2colBatch(x: Tensor, g: Conv2dGeometry): Tensor {
  const [n] = checkNchw(x, 'im2colBatch');
  const out = Tensor.uninitialized([g.channels * g.kernelH * g.kernelW, n * g.outH * g.outW]);
  backend().im2col(x.data, g, out.data, n);
  return record(out, 'im2colBatch', [x], (grad) => [col2imBatch(grad, g, n)]);
}

/** The adjoint of im2colBatch: (C·kh·kw) × (N·outH·outW) → N×C×H×W, summing overlapping patches. */
export function col2imBatch(cols: Tensor, g: Conv2dGeometry, n: number): Tensor {
  const rows = g.channels * g.kernelH * g.kernelW;
  if (cols.rank !== 2 || cols.shape[0] !== rows || cols.shape[1] !== n * g.outH * g.outW) {
    throw new ShapeError(`col2imBatch: expected columns of shape [${rows}, ${n * g.outH * g.outW}], got ${formatShape(cols.shape)}`);
  }
  const out = Tensor.uninitialized([n, g.channels, g.height, g.width]);
  backend().col2im(cols.data, g, out.data, n);
  return record(out, 'col2imBatch', [cols], (grad) => [im2colBatch(grad, g)]);
}

/** An activation applied after the bias, in the same kernel (see bias-act.ts); `param` is leakyRelu's slope or elu's α. */
export interface FusedActivationOptions {
  activation?: Activation;
  param?: number;
}

/** 2-D cross-correlation (PyTorch's Conv2d): x N×C×H×W, weight O×C×kh×kw, bias O; then `activation` (default none). */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions & FusedActivationOptions = {}): Tensor {
  const [n, c, h, w] = checkNchw(x, 'conv2d');
  if (weight.rank !== 4 || weight.shape[1] !== c) {
    throw new ShapeError(`conv2d: weight of shape ${formatShape(weight.shape)} does not fit input ${formatShape(x.shape)} (expected [out, ${c}, kh, kw])`);
  }
  const [o, , kh, kw] = weight.shape as [number, number, number, number];
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== o)) throw new ShapeError(`conv2d: bias of shape ${formatShape(bias.shape)} does not match ${o} output channels`);
  const g = convGeometry(c, h, w, [kh, kw], options);
  const L = g.outH * g.outW;
  // O × (N·L): one GEMM for the batch; bias and activation over it in place, then to N×O×L.
  let z = matmul(reshape(weight, [o, c * kh * kw]), im2colBatch(x, g));
  const activation = options.activation ?? 'identity';
  if (bias !== null || activation !== 'identity') z = biasActOver(z, bias, activation, options.param === undefined ? { axis: 0 } : { axis: 0, param: options.param });
  return reshape(permute(reshape(z, [o, n, L]), [1, 0, 2]), [n, o, g.outH, g.outW]);
}

export interface ConvTranspose2dOptions extends Conv2dOptions {
  /** Extra rows/columns on the bottom/right of the output, to pick among output sizes a stride allows. */
  outputPadding?: Pair;
}

/**
 * The transpose (adjoint) of conv2d, used to upsample in decoders: x N×Cin×H×W, weight Cin×Cout×kh×kw, bias Cout;
 * then `activation` (default none).
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null,
  options: ConvTranspose2dOptions & FusedActivationOptions = {}): Tensor {
  const [n, cin, h, w] = checkNchw(x, 'convTranspose2d');
  if (weight.rank !== 4 || weight.shape[0] !== cin) {
    throw new ShapeError(`convTranspose2d: weight of shape ${formatShape(weight.shape)} does not fit input ${formatShape(x.shape)} (expected [${cin}, out, kh, kw])`);
  }
  const [, cout, kh, kw] = weight.shape as [number, number, number, number];
  const [sh, sw] = pair(options.stride ?? 1);
  const [ph, pw] = pair(options.padding ?? 0);
  const [dh, dw] = pair(options.dilation ?? 1);
  const [oph, opw] = pair(options.outputPadding ?? 0);
  if (oph >= Math.max(sh, dh) || opw >= Math.max(sw, dw)) throw new ShapeError('convTranspose2d: outputPadding must be smaller than stride or dilation');
  const outH = (h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const outW = (w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
  const g = convGeometry(cout, outH, outW, [kh, kw], options);
  if (g.outH !== h || g.outW !== w) throw new ShapeError(`convTranspose2d: inconsistent geometry for input ${formatShape(x.shape)}`);
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== cout)) throw new ShapeError(`convTranspose2d: bias of shape ${formatShape(bias.shape)} does not match ${cout} output channels`);
  // x as Cin × (N·H·W), one GEMM for the batch's columns, then col2im into N×Cout×H'×W'.
  const xt = reshape(permute(reshape(x, [n, cin, h * w]), [1, 0, 2]), [cin, n * h * w]);
  const y = col2imBatch(matmul(reshape(weight, [cin, cout * kh * kw]), xt, { transposeA: true }), g, n);
  const activation = options.activation ?? 'identity';
  if (bias === null && activation === 'identity') return y;
  return biasActOver(y, bias, activation, options.param === undefined ? { axis: 1 } : { axis: 1, param: options.param });
}

export interface Pool2dOptions {
  stride?: Pair;
  padding?: Pair;
}

function poolColumns(x: Tensor, kernel: Pair, options: Pool2dOptions, opName: string): [Tensor, Conv2dGeometry] {
  const [n, c, h, w] = checkNchw(x, opName);
  const g = convGeometry(1, h, w, kernel, { stride: options.stride ?? kernel, padding: options.padding ?? 0 });
  const [ph, pw] = [g.padH, g.padW];
  if (ph * 2 > g.kernelH || pw * 2 > g.kernelW) throw new ShapeError(`${opName}: padding must be at most half the kernel size`);
  return [im2col(reshape(x, [n * c, 1, h, w]), g), g];
}

/** Max over each window. Padding never wins: values are shifted to be ≥ 1 before the zero-padded windows are read. */
export function maxPool2d(x: Tensor, kernel: Pair, options: Pool2dOptions = {}): Tensor {
  const [n, c] = checkNchw(x, 'maxPool2d');
  const padded = pair(options.padding ?? 0).some((p) => p > 0);
  if (!padded) {
    const [cols, g] = poolColumns(x, kernel, options, 'maxPool2d');
    return reshape(max(cols, 1), [n, c, g.outH, g.outW]);
  }
  const shift = noGrad(() => sub(min(x).detach(), 1));
  const [cols, g] = poolColumns(sub(x, shift), kernel, options, 'maxPool2d');
  return add(reshape(max(cols, 1), [n, c, g.outH, g.outW]), shift);
}

/** Mean over each window (zero padding counts toward the mean, as PyTorch's default). */
export function avgPool2d(x: Tensor, kernel: Pair, options: Pool2dOptions = {}): Tensor {
  const [n, c] = checkNchw(x, 'avgPool2d');
  const [cols, g] = poolColumns(x, kernel, options, 'avgPool2d');
  return reshape(mean(cols, 1), [n, c, g.outH, g.outW]);
}

/** Nearest-neighbour upsampling by integer factors. */
export function upsampleNearest(x: Tensor, scale: Pair): Tensor {
  const [n, c, h, w] = checkNchw(x, 'upsampleNearest');
  const [sh, sw] = pair(scale);
  if (!Number.isInteger(sh) || !Number.isInteger(sw) || sh < 1 || sw < 1) throw new RangeError(`upsampleNearest: scale must be positive integers, got ${sh}×${sw}`);
  const spread = broadcastTo(reshape(x, [n, c, h, 1, w, 1]), [n, c, h, sh, w, sw]);
  return reshape(spread, [n, c, h * sh, w * sw]);
}
