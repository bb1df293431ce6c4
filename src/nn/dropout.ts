/** Dropout as a module: active only in training mode, drawing its masks from its own Generator. */
import { dropout } from '../ops/dropout.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export class Dropout extends Module {
  readonly #gen: Generator;

  /** Zeroes each value with probability `p` in training (scaling the rest by 1/(1−p)); identity in eval. */
  constructor(readonly p: number, options: { gen: Generator }) {
    super();
    if (!(p >= 0 && p < 1)) throw new RangeError(`Dropout: p must be in [0, 1), got ${p}`);
    this.#gen = options.gen;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.#gen, this.training);
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}
