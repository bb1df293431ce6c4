/**
 * The affine map of a dense layer, y = x·Wᵀ + b, as one op: the bias is written into the output and the GEMM
 * accumulates onto it (beta = 1), which saves a full pass and an array per layer against matmul-then-add.
 */
import { backend } from '../backend/registry.js';
import { record } from '../autograd/grad-mode.js';
import { broadcastStrides, contiguousStrides, formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { matmul } from './matmul.js';
import { sum } from './reduce.js';
import { reshape } from './shape-ops.js';

/** x: N×in (or …×in), weight: out×in (PyTorch's layout), bias: out or null → N×out. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.rank !== 2) throw new ShapeError(`linear: weight must be out×in, got ${formatShape(weight.shape)}`);
  const [outF, inF] = weight.shape as [number, number];
  if (x.rank < 1 || x.shape[x.rank - 1] !== inF) throw new ShapeError(`linear: input of shape ${formatShape(x.shape)} does not end in ${inF} (weight ${formatShape(weight.shape)})`);
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== outF)) throw new ShapeError(`linear: bias of shape ${formatShape(bias.shape)} does not match ${outF} outputs`);
  const rows = x.size / inF;
  const shape = [...x.shape.slice(0, -1), outF];
  const out = Tensor.empty(shape);
  const be = backend();
  if (bias !== null) be.copyStrided(bias.data, 0, broadcastStrides([outF], [rows, outF]), out.data, 0, contiguousStrides([rows, outF]), [rows, outF]);
  be.gemm(false, true, rows, outF, inF, 1, x.data, weight.data, bias === null ? 0 : 1, out.data);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record(out, 'linear', inputs, (g) => {
    // ∂x = G·W, ∂W = Gᵀ·x, ∂b = Σ_rows G (with leading dimensions flattened into rows).
    const g2 = reshape(g, [rows, outF]);
    const x2 = reshape(x, [rows, inF]);
    return [
      x.requiresGrad ? reshape(matmul(g2, weight), x.shape) : null,
      weight.requiresGrad ? matmul(g2, x2, { transposeA: true }) : null,
      ...(bias === null ? [] : [bias.requiresGrad ? sum(g2, 0) : null]),
    ];
  });
}
