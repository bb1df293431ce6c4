/** Flatten and Unflatten: the reshapes between a conv stack and a dense layer in a conv autoencoder. */
import { flatten, reshape } from '../ops/shape-ops.js';
import { formatShape, normalizeAxis, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** Flattens axes startDim..endDim (default: all but the batch axis), e.g. N×C×H×W → N×(C·H·W). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}

/** Expands axis `dim` into `sizes`, e.g. N×(C·H·W) → N×C×H×W with dim 1 and sizes [C, H, W]. */
export class Unflatten extends Module {
  readonly sizes: readonly number[];

  constructor(readonly dim: number, sizes: readonly number[]) {
    super();
    this.sizes = [...sizes];
  }

  forward(x: Tensor): Tensor {
    const d = normalizeAxis(this.dim, x.rank, 'Unflatten');
    const size = this.sizes.reduce((p, s) => p * s, 1);
    if (size !== x.shape[d]) throw new ShapeError(`Unflatten: dimension ${this.dim} of ${formatShape(x.shape)} is not ${formatShape(this.sizes)} (size ${size})`);
    return reshape(x, [...x.shape.slice(0, d), ...this.sizes, ...x.shape.slice(d + 1)]);
  }
}
