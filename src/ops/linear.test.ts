import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Activation } from '../backend/op-table.js';
import { backward, gradients } from '../autograd/backward.js';
import { assertGradients } from '../autograd/gradcheck.js';
import { Tensor } from '../tensor/tensor.js';
import { add, mul } from './binary.js';
import { linear } from './linear.js';
import { matmul } from './matmul.js';
import { sum } from './reduce.js';
import { elu, leakyRelu, relu, sigmoid, softplus, tanh } from './unary.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { assertClose, randomTensor } from '../testing/tensors.js';

describe('linear', () => {
  const gen = new Generator(3);
  const x = randomTensor(gen, [5, 4]);
  const w = randomTensor(gen, [3, 4]);
  const b = randomTensor(gen, [3]);

  it('equals x·Wᵀ + b, with and without a bias and with leading batch dimensions', () => {
    assertClose(linear(x, w, b), add(matmul(x, w, { transposeB: true }), b), { rtol: 1e-6, atol: 1e-6 });
    assertClose(linear(x, w), matmul(x, w, { transposeB: true }), { rtol: 1e-6, atol: 1e-6 });
    const x3 = randomTensor(gen, [2, 3, 4]);
    assert.deepEqual(linear(x3, w, b).shape, [2, 3, 3]);
    assertClose(linear(x3, w, b), add(matmul(x3, w, { transposeB: true }), b), { rtol: 1e-6, atol: 1e-6 });
  });

  it('gradients (and second order) match finite differences', () => {
    assertGradients((a, ww, bb) => linear(a!, ww!, bb!), [x, w, b]);
    assertGradients((a, ww) => linear(a!, ww!), [randomTensor(gen, [2, 3, 4]), w]);
  });

  it('names the shapes when they do not fit', () => {
    assert.throws(() => linear(randomTensor(gen, [5, 6]), w, b), (e: unknown) => e instanceof ShapeError && /\[5, 6\]/.test(e.message) && /\[3, 4\]/.test(e.message));
    assert.throws(() => linear(x, w, randomTensor(gen, [4])), ShapeError);
  });
});

describe('linear with a fused activation', () => {
  const gen = new Generator(4);
  const x = randomTensor(gen, [6, 5]);
  const w = randomTensor(gen, [4, 5]);
  const b = randomTensor(gen, [4]);
  const cases: [Activation, number | undefined, (t: Tensor) => Tensor][] = [
    ['relu', undefined, relu], ['sigmoid', undefined, sigmoid], ['tanh', undefined, tanh],
    ['leakyRelu', 0.2, (t) => leakyRelu(t, 0.2)], ['elu', 0.7, (t) => elu(t, 0.7)], ['softplus', undefined, softplus],
  ];
  for (const [act, param, composed] of cases) {
    it(`${act}: equals the composed ops; gradients and second order match finite differences`, () => {
      assertClose(linear(x, w, b, act, param), composed(add(matmul(x, w, { transposeB: true }), b)), { rtol: 2e-6, atol: 2e-6 });
      assertGradients((a, ww, bb) => linear(a!, ww!, bb!, act, param), [x, w, b]);
      assertGradients((a, ww) => linear(a!, ww!, null, act, param), [x, w]);
      // Second order: the gradient with respect to x, differentiated again (a recorded backward).
      assertGradients((a, ww, bb) => {
        const y = linear(a!, ww!, bb!, act, param);
        const [gx] = gradients(sum(mul(y, y)), [a!], { createGraph: true });
        return gx!;
      }, [x, w, b]);
    });
  }

  it('leaves the bias without a gradient when it needs none, and handles a batch of one', () => {
    const y = linear(x.detach().requiresGrad_(), w, b, 'relu');
    backward(sum(y));
    assert.equal(b.grad, null);
    assert.deepEqual(linear(randomTensor(gen, [1, 5]), w, b, 'tanh').shape, [1, 4]);
  });
});
