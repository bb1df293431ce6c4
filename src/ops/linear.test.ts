import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertGradients } from '../autograd/gradcheck.js';
import { add } from './binary.js';
import { linear } from './linear.js';
import { matmul } from './matmul.js';
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
