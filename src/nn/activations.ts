/** Activation functions as parameter-free modules, so they can sit in a Sequential. */
import { affine, elu, leakyRelu, relu, sigmoid, softplus, tanh } from '../ops/unary.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  protected override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** Clevert et al. (2016): x for x > 0, α(eˣ − 1) otherwise. */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }

  protected override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** softplus(βx)/β, with the op's linear tail for large inputs. */
export class Softplus extends Module {
  constructor(readonly beta = 1) {
    super();
  }

  forward(x: Tensor): Tensor {
    return this.beta === 1 ? softplus(x) : affine(softplus(affine(x, this.beta, 0)), 1 / this.beta, 0);
  }

  protected override extraRepr(): string {
    return `beta=${this.beta}`;
  }
}

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}

export type ActivationName = 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'elu' | 'softplus' | 'identity';

/** A fresh activation module by name (for configs and the MLP builder). */
export function activation(name: ActivationName): Module {
  switch (name) {
    case 'relu': return new ReLU();
    case 'sigmoid': return new Sigmoid();
    case 'tanh': return new Tanh();
    case 'leakyRelu': return new LeakyReLU();
    case 'elu': return new ELU();
    case 'softplus': return new Softplus();
    case 'identity': return new Identity();
    default: throw new RangeError(`activation: unknown name '${String(name)}' (known: relu, sigmoid, tanh, leakyRelu, elu, softplus, identity)`);
  }
}
