/**
 * Activation functions as parameter-free modules, so they can sit in a Sequential. Each says whether the layer
 * before it may apply it inside its own kernel (`fusedActivation`; see Sequential and src/ops/bias-act.ts).
 */
import type { Activation } from '../backend/op-table.js';
import { affine, elu, leakyRelu, relu, sigmoid, softplus, tanh } from '../ops/unary.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** An activation as a fused kernel applies it: its name in the op table and its parameter. */
export interface FusedActivation {
  activation: Activation;
  param: number;
}

/** A module whose output a preceding layer can compute in one fused op (Sequential asks). */
export interface FusibleActivation {
  fusedActivation(): FusedActivation | null;
}

/** A layer that can apply a following activation itself (Linear, Conv2d, ConvTranspose2d). */
export interface ActivationFusingLayer {
  forwardActivated(x: Tensor, act: FusedActivation): Tensor;
}

export function isFusibleActivation(m: object): m is FusibleActivation {
  return typeof (m as Partial<FusibleActivation>).fusedActivation === 'function';
}

export function isActivationFusingLayer(m: object): m is ActivationFusingLayer {
  return typeof (m as Partial<ActivationFusingLayer>).forwardActivated === 'function';
}

export class ReLU extends Module implements FusibleActivation {
  fusedActivation(): FusedActivation {
    return { activation: 'relu', param: 0 };
  }

  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

export class Sigmoid extends Module implements FusibleActivation {
  fusedActivation(): FusedActivation {
    return { activation: 'sigmoid', param: 0 };
  }

  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

export class Tanh extends Module implements FusibleActivation {
  fusedActivation(): FusedActivation {
    return { activation: 'tanh', param: 0 };
  }

  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

export class LeakyReLU extends Module implements FusibleActivation {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }

  fusedActivation(): FusedActivation {
    return { activation: 'leakyRelu', param: this.negativeSlope };
  }

  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }

  protected override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** Clevert et al. (2016): x for x > 0, α(eˣ − 1) otherwise. */
export class ELU extends Module implements FusibleActivation {
  constructor(readonly alpha = 1) {
    super();
  }

  fusedActivation(): FusedActivation {
    return { activation: 'elu', param: this.alpha };
  }

  forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }

  protected override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** softplus(βx)/β, with the op's linear tail for large inputs. */
export class Softplus extends Module implements FusibleActivation {
  constructor(readonly beta = 1) {
    super();
  }

  /** Only β = 1 is the kernel's softplus. */
  fusedActivation(): FusedActivation | null {
    return this.beta === 1 ? { activation: 'softplus', param: 0 } : null;
  }

  forward(x: Tensor): Tensor {
    return this.beta === 1 ? softplus(x) : affine(softplus(affine(x, this.beta, 0)), 1 / this.beta, 0);
  }

  protected override extraRepr(): string {
    return `beta=${this.beta}`;
  }
}

export class Identity extends Module implements FusibleActivation {
  fusedActivation(): FusedActivation {
    return { activation: 'identity', param: 0 };
  }

  forward(x: Tensor): Tensor {
    return x;
  }
}

/** The activations a config can name: those of the op table (src/backend/op-table.ts). */
export type ActivationName = Activation;

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
