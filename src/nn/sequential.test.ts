import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gradients } from '../autograd/backward.js';
import { sum } from '../ops/reduce.js';
import { Generator } from '../tensor/random.js';
import { assertClose, randomTensor } from '../testing/tensors.js';
import { ELU, Identity, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh } from './activations.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';

describe('Sequential', () => {
  for (const act of [new ReLU(), new Sigmoid(), new Tanh(), new LeakyReLU(0.2), new ELU(0.5), new Softplus(), new Softplus(2), new Identity()]) {
    it(`fuses Linear + ${act.constructor.name} into one op with the same values and gradients as the layers one by one`, () => {
      const gen = new Generator(9);
      const lin = new Linear(5, 4, { gen });
      const net = new Sequential(lin, act, new Linear(4, 3, { gen }));
      const x = randomTensor(gen, [6, 5]).requiresGrad_();
      const fused = net.forward(x);
      let stepwise = x;
      for (const layer of net) stepwise = layer.forward(stepwise);
      assertClose(fused, stepwise, { rtol: 2e-6, atol: 2e-6 });
      const params = [x, ...net.parameters()];
      const gFused = gradients(sum(fused), params);
      const gStep = gradients(sum(stepwise), params);
      gFused.forEach((g, i) => assertClose(g, gStep[i]!, { rtol: 1e-5, atol: 1e-6 }));
      // Fusion is invisible to the module tree: the same parameter names.
      assert.deepEqual(net.namedParameters().map(([name]) => name), ['0.weight', '0.bias', '2.weight', '2.bias']);
    });
  }
});
