import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gradients } from '../autograd/backward.js';
import { assertGradients } from '../autograd/gradcheck.js';
import { ACTIVATIONS, type Activation } from '../backend/op-table.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertClose, randomTensor } from '../testing/tensors.js';
import { add, mul } from './binary.js';
import { biasAct, defaultActivationParam } from './bias-act.js';
import { tensor } from './creation.js';
import { sum } from './reduce.js';
import { reshape } from './shape-ops.js';
import { elu, leakyRelu, relu, sigmoid, softplus, tanh } from './unary.js';

const composed = {
  identity: (t) => t, relu, sigmoid, tanh, leakyRelu: (t) => leakyRelu(t, 0.01), elu: (t) => elu(t, 1), softplus,
} satisfies Record<Activation, (t: Tensor) => Tensor>;

describe('biasAct', () => {
  const gen = new Generator(5);
  const x = randomTensor(gen, [2, 3, 2, 2]);
  const b = randomTensor(gen, [3]);
  for (const act of ACTIVATIONS) {
    it(`${act} along the channel axis of N×C×H×W equals add then ${act}; gradients of both orders`, () => {
      const want = composed[act](add(x, reshape(b, [1, 3, 1, 1])));
      assertClose(biasAct(x, b, act, { axis: 1 }), want, { rtol: 2e-6, atol: 2e-6 });
      assertGradients((a, bb) => biasAct(a!, bb!, act, { axis: 1 }), [x, b]);
      assertGradients((a) => biasAct(a!, null, act, { axis: 1 }), [x]);
      assertGradients((a, bb) => {
        const y = biasAct(a!, bb!, act, { axis: 1 });
        return gradients(sum(mul(y, y)), [bb!], { createGraph: true })[0]!;
      }, [x, b]);
    });
  }

  it('uses PyTorch default parameters and the given one', () => {
    assert.equal(defaultActivationParam('leakyRelu'), 0.01);
    assert.equal(defaultActivationParam('elu'), 1);
    const t = tensor([-2, 3]);
    assert.deepEqual(Array.from(biasAct(t, null, 'leakyRelu', { param: 0.5 }).data), [-1, 3]);
  });

  it('rejects a bias that does not match the axis, and unknown activations', () => {
    assert.throws(() => biasAct(x, randomTensor(gen, [4]), 'relu', { axis: 1 }), ShapeError);
    assert.throws(() => biasAct(x, b, 'swish' as 'relu', { axis: 1 }), /unknown activation 'swish'/);
  });

  it('propagates NaN forward and into the gradient', () => {
    const t = tensor([NaN, 1]).requiresGrad_();
    const y = biasAct(t, null, 'relu');
    assert.ok(Number.isNaN(y.data[0]));
    const [g] = gradients(sum(y), [t]);
    assert.ok(Number.isNaN(g!.data[0]));
    assert.equal(g!.data[1], 1);
  });
});
