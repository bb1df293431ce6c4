import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backward, gradients, noGrad, reshape, ShapeError, slice, sum, tensor, type Tensor } from '../index.js';
import { assertClose, sharesStorage } from '../testing/tensors.js';

describe('backward', () => {
  it('accumulates into .grad across two backward calls', () => {
    const x = tensor([1, 2, 3]).requiresGrad_();
    sum(x.mul(x)).backward();
    sum(x.mul(3)).backward();
    assert.deepEqual(Array.from(x.grad!.data), [5, 7, 9]);
    assert.equal(x.grad!.requiresGrad, false);
  });

  it('leaves get gradients in storage of their own, never shared with another leaf or with gradOutput', () => {
    // Regression: add's backward hands the same tensor to both inputs; an in-place update of one
    // leaf's .grad (gradient clipping, an optimizer) must not change the other's.
    const a = tensor([1, 2]).requiresGrad_();
    const b = tensor([3, 4]).requiresGrad_();
    const seed = tensor([1, 1]);
    a.add(b).backward({ gradOutput: seed });
    assert.ok(!sharesStorage(a.grad!.data, b.grad!.data));
    assert.ok(!sharesStorage(a.grad!.data, seed.data));
    a.grad!.data[0] = 100;
    assert.equal(b.grad!.data[0], 1);
    assert.equal(seed.data[0], 1);
  });

  it('noGrad records nothing', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const y = noGrad(() => sum(x.mul(x)));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.throws(() => y.backward(), /does not depend on any tensor that requires a gradient/);
  });

  it('a non-scalar output needs gradOutput, of the output\'s shape', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const y = x.mul(2);
    assert.throws(() => y.backward(), (e: unknown) => e instanceof ShapeError && e.message.includes('[2]'));
    assert.throws(() => y.backward({ gradOutput: tensor([1, 2, 3]) }), (e: unknown) =>
      e instanceof ShapeError && /\[3\].*\[2\]/.test(e.message));
    y.backward({ gradOutput: tensor([1, -1]) });
    assert.deepEqual(Array.from(x.grad!.data), [2, -2]);
  });

  it('a second backward through a freed graph throws a clear error; retainGraph keeps it', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const y = sum(x.exp());
    y.backward();
    assert.throws(() => y.backward(), /already freed.*retainGraph/);
    assert.equal(y.gradFn!.released, true, 'the saved tensors are released right after the pass');
    const z = tensor([0.5]).requiresGrad_();
    const w = sum(z.mul(z));
    w.backward({ retainGraph: true });
    w.backward();
    assert.deepEqual(Array.from(z.grad!.data), [2]);
  });

  it('a diamond (x used twice) sums both paths', () => {
    const x = tensor([2]).requiresGrad_();
    const a = x.mul(3);
    const b = x.square();
    sum(a.mul(b)).backward(); // 3x³ → 9x² = 36
    assert.deepEqual(Array.from(x.grad!.data), [36]);
    const y = tensor([1.5]).requiresGrad_();
    const h = y.tanh();
    sum(h.add(h).add(h.mul(h))).backward(); // (2 + 2h)(1 − h²)
    const t = Math.tanh(1.5);
    assertClose(y.grad!, [(2 + 2 * t) * (1 - t * t)], { rtol: 1e-6 });
  });

  it('detach cuts the graph', () => {
    const x = tensor([3]).requiresGrad_();
    sum(x.mul(x.detach())).backward();
    assert.deepEqual(Array.from(x.grad!.data), [3]);
  });

  it('views share storage with their base and route gradients back to it', () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]]).requiresGrad_();
    const r = reshape(x, [2, 3]);
    const s = slice(x, [{ start: 1 }]);
    assert.ok(sharesStorage(r.data, x.data));
    assert.ok(sharesStorage(s.data, x.data));
    sum(r.mul(tensor([[1, 2, 3], [4, 5, 6]]))).backward();
    sum(s).backward();
    assert.deepEqual(x.grad!.toArray(), [[1, 2], [4, 5], [6, 7]]);
  });

  it('only tensors that require gradients receive them; frozen ones keep null', () => {
    const w = tensor([2]).requiresGrad_();
    const frozen = tensor([5]);
    sum(w.mul(frozen)).backward();
    assert.equal(frozen.grad, null);
    assert.deepEqual(Array.from(w.grad!.data), [5]);
  });

  it('a deep chain does not overflow the stack', () => {
    const x = tensor([1]).requiresGrad_();
    let y: Tensor = x;
    for (let i = 0; i < 20000; i++) y = y.mul(1.0001);
    sum(y).backward();
    assertClose(x.grad!, [1.0001 ** 20000], { rtol: 1e-3 });
  });
});

describe('gradients', () => {
  it('returns ∂output/∂input, zeros for inputs the output does not use, and leaves .grad alone', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const unused = tensor([7, 7, 7]).requiresGrad_();
    const [gx, gu] = gradients(sum(x.mul(x)), [x, unused]);
    assert.deepEqual(Array.from(gx!.data), [2, 4]);
    assert.deepEqual(Array.from(gu!.data), [0, 0, 0]);
    assert.equal(x.grad, null);
  });

  it('of an intermediate tensor', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const h = x.mul(2);
    const [gh] = gradients(sum(h.square()), [h]);
    assert.deepEqual(Array.from(gh!.data), [4, 8]);
  });

  it('rejects inputs that do not require a gradient', () => {
    assert.throws(() => gradients(sum(tensor([1]).requiresGrad_()), [tensor([1])]), /does not require a gradient/);
  });

  it('with createGraph the result can be differentiated again', () => {
    const x = tensor([2]).requiresGrad_();
    const [g] = gradients(sum(x.pow(3)), [x], { createGraph: true });
    assert.equal(g!.requiresGrad, true);
    backward(sum(g!));
    assertClose(x.grad!, [12]);
  });
});
