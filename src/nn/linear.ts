/** Fully connected layer y = x·Wᵀ + b, with W stored out×in as in PyTorch. */
import { linear } from '../ops/linear.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import type { ActivationFusingLayer, FusedActivation } from './activations.js';
import { kaimingUniform_, uniform_ } from './init.js';
import { Module, Parameter } from './module.js';

export interface LinearOptions {
  /** The generator the initial weights are drawn from. */
  gen: Generator;
  /** Add a learned bias (default true). */
  bias?: boolean;
}

/**
 * Initialised like PyTorch's nn.Linear: W and b ~ U(−1/√in, 1/√in) (PyTorch writes the weight's as
 * kaiming_uniform with a = √5). Re-initialise with src/nn/init.ts for Glorot or He schemes.
 */
export class Linear extends Module implements ActivationFusingLayer {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions) {
    super();
    if (!Number.isInteger(inFeatures) || !Number.isInteger(outFeatures) || inFeatures <= 0 || outFeatures <= 0) {
      throw new RangeError(`Linear: feature counts must be positive integers, got ${inFeatures} and ${outFeatures}`);
    }
    this.weight = this.registerParameter('weight', kaimingUniform_(Tensor.empty([outFeatures, inFeatures]), options.gen, { a: Math.sqrt(5) }));
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = (options.bias ?? true) ? this.registerParameter('bias', uniform_(Tensor.empty([outFeatures]), options.gen, -bound, bound)) : null;
  }

  /** x: …×in → …×out. */
  forward(x: Tensor): Tensor {
    return this.forwardActivated(x, { activation: 'identity', param: 0 });
  }

  /** act(x·Wᵀ + b) in one fused op (Sequential calls it for a Linear followed by an activation). */
  forwardActivated(x: Tensor, act: FusedActivation): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(`Linear(${this.inFeatures}, ${this.outFeatures}): input of shape ${formatShape(x.shape)} does not end in ${this.inFeatures}`);
    }
    return linear(x, this.weight, this.bias, act.activation, act.param);
  }

  protected override extraRepr(): string {
    return `${this.inFeatures}, ${this.outFeatures}${this.bias === null ? ', bias=false' : ''}`;
  }
}
