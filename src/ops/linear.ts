/**
 * The affine map of a dense layer and its activation, y = act(x·Wᵀ + b), as a GEMM followed by one fused
 * bias + activation kernel written over the GEMM's output (see bias-act.ts): one pass and one array per layer
 * fewer than matmul, add and activation, and a one-pass backward for the bias and the activation.
 */
import type { Activation } from '../backend/op-table.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { biasActOver } from './bias-act.js';
import { matmul } from './matmul.js';
import { reshape } from './shape-ops.js';

/**
 * x: N×in (or …×in), weight: out×in (PyTorch's layout), bias: out or null → N×out, followed by `activation`
 * (default 'identity'; `param` is leakyRelu's slope or elu's α).
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null, activation: Activation = 'identity', param?: number): Tensor {
  if (weight.rank !== 2) throw new ShapeError(`linear: weight must be out×in, got ${formatShape(weight.shape)}`);
  const [outF, inF] = weight.shape as [number, number];
  if (x.rank < 1 || x.shape[x.rank - 1] !== inF) throw new ShapeError(`linear: input of shape ${formatShape(x.shape)} does not end in ${inF} (weight ${formatShape(weight.shape)})`);
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== outF)) throw new ShapeError(`linear: bias of shape ${formatShape(bias.shape)} does not match ${outF} outputs`);
  const rows = x.size / inF;
  // ∂x = G·W and ∂W = Gᵀ·x come from matmul's own backward; the bias and activation from biasAct's.
  let y = matmul(reshape(x, [rows, inF]), weight, { transposeB: true });
  if (bias !== null || activation !== 'identity') y = biasActOver(y, bias, activation, param === undefined ? {} : { param });
  return reshape(y, [...x.shape.slice(0, -1), outF]);
}
