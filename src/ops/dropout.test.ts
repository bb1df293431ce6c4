import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGradients, dropout, Generator, ones, sum, type Tensor } from '../index.js';
import { assertClose, randomTensor } from '../testing/tensors.js';

describe('dropout', () => {
  it('the same seed drops the same units; another seed drops others', () => {
    const x = ones([64]);
    const a = dropout(x, 0.5, new Generator(81));
    const b = dropout(x, 0.5, new Generator(81));
    const c = dropout(x, 0.5, new Generator(82));
    assert.deepEqual(Array.from(a.data), Array.from(b.data));
    assert.notDeepEqual(Array.from(a.data), Array.from(c.data));
  });

  it('keeps 1 − p of the units, scaled by 1/(1 − p), so the mean is preserved', () => {
    const y = dropout(ones([20000]), 0.3, new Generator(83));
    const kept = Array.from(y.data).filter((v) => v !== 0);
    assert.ok(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-6));
    assert.ok(Math.abs(kept.length / 20000 - 0.7) < 0.015, `kept ${kept.length / 20000}`);
    assert.ok(Math.abs(sum(y).item() / 20000 - 1) < 0.03);
  });

  it('is the identity in eval mode and for p = 0, and rejects p outside [0, 1)', () => {
    const x = randomTensor(new Generator(84), [3]);
    assert.equal(dropout(x, 0.5, new Generator(1), false), x);
    assert.equal(dropout(x, 0, new Generator(1)), x);
    assert.throws(() => dropout(x, 1, new Generator(1)), RangeError);
    assert.throws(() => dropout(x, -0.1, new Generator(1)), RangeError);
  });

  it('with a fixed generator the mask is a constant: the gradient is the mask', () => {
    const f = (t: Tensor): Tensor => dropout(t, 0.4, new Generator(85));
    assertGradients(f, [randomTensor(new Generator(86), [4, 5])]);
    const x = randomTensor(new Generator(87), [10]).requiresGrad_();
    const y = f(x);
    sum(y).backward();
    const mask = Array.from(f(ones([10])).data);
    assertClose(x.grad!, mask);
  });
});
