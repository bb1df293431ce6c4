/** Builds a multilayer perceptron from layer sizes: Linear → activation → … → Linear (→ output activation). */
import { Generator } from '../tensor/random.js';
import { activation, type ActivationName } from './activations.js';
import { Dropout } from './dropout.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';

export interface MlpOptions {
  gen: Generator;
  /** Between hidden layers (default 'relu'). */
  activation?: ActivationName;
  /** After the last layer (default 'identity': none). */
  outputActivation?: ActivationName;
  /** Dropout probability after each hidden activation (default 0: none). */
  dropout?: number;
  bias?: boolean;
}

/**
 * `mlp([2, 16, 1], { gen })` is Linear(2, 16) → ReLU → Linear(16, 1). Layer names follow Sequential's
 * numbering, so state-dict keys are '0.weight', '2.weight', ….
 */
export function mlp(sizes: readonly number[], options: MlpOptions): Sequential {
  if (sizes.length < 2) throw new RangeError(`mlp: need at least input and output sizes, got [${sizes.join(', ')}]`);
  const net = new Sequential();
  const [dropGen] = options.gen.split(1) as [Generator];
  for (let i = 0; i + 1 < sizes.length; i++) {
    net.append(new Linear(sizes[i]!, sizes[i + 1]!, { gen: options.gen, bias: options.bias ?? true }));
    const last = i + 2 === sizes.length;
    if (!last) {
      net.append(activation(options.activation ?? 'relu'));
      if ((options.dropout ?? 0) > 0) net.append(new Dropout(options.dropout!, { gen: dropGen }));
    } else if ((options.outputActivation ?? 'identity') !== 'identity') {
      net.append(activation(options.outputActivation!));
    }
  }
  return net;
}
