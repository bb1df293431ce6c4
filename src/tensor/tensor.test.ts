import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arange, eye, full, linspace, noGrad, ones, scalar, ShapeError, sum, Tensor, tensor, zeros } from '../index.js';

describe('Tensor', () => {
  it('holds float32 values in row-major order under a frozen shape', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    assert.ok(t.data instanceof Float32Array);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.size, 6);
    assert.equal(t.rank, 2);
    assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
    assert.ok(Object.isFrozen(t.shape));
    assert.equal(tensor([0.1]).data[0], Math.fround(0.1));
  });

  it('values that do not fill the shape, ragged arrays and bad shapes are ShapeErrors naming the shape', () => {
    assert.throws(() => new Tensor(new Float32Array(5), [2, 3]), /5 values do not fill shape \[2, 3\]/);
    assert.throws(() => tensor([1, 2, 3], [2, 2]), (e: unknown) => e instanceof ShapeError && e.message.includes('[2, 2]'));
    assert.throws(() => tensor([[1, 2], [3]]), ShapeError);
    assert.throws(() => Tensor.empty([2, -1]), ShapeError);
  });

  it('item works only on single values', () => {
    assert.equal(scalar(3).item(), 3);
    assert.equal(tensor([[7]]).item(), 7);
    assert.throws(() => tensor([1, 2]).item(), /shape \[2\] has 2 elements/);
  });

  it('creation helpers', () => {
    assert.deepEqual(zeros([2]).toArray(), [0, 0]);
    assert.deepEqual(ones([2]).toArray(), [1, 1]);
    assert.deepEqual(full([2], -3).toArray(), [-3, -3]);
    assert.deepEqual(arange(3).toArray(), [0, 1, 2]);
    assert.deepEqual(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
    assert.deepEqual(arange(3, 0, -1).toArray(), [3, 2, 1]);
    assert.deepEqual(linspace(0, 1, 5).toArray(), [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(eye(2).toArray(), [[1, 0], [0, 1]]);
    assert.deepEqual(tensor(new Float32Array([1, 2])).shape, [2]);
    assert.deepEqual(scalar(1).shape, []);
    assert.throws(() => arange(0, 1, 0), RangeError);
  });

  it('toFloat32Array copies; detach shares storage but cuts the graph', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const copy = x.toFloat32Array();
    copy[0] = 9;
    assert.equal(x.data[0], 1);
    const y = x.mul(2);
    const d = y.detach();
    assert.equal(d.data, y.data);
    assert.equal(d.requiresGrad, false);
    assert.equal(d.gradFn, null);
    assert.equal(y.isLeaf, false);
    assert.equal(x.isLeaf, true);
    assert.throws(() => y.requiresGrad_(false), /leaf/);
  });

  it('op outputs require a gradient only when an input does and recording is on', () => {
    const x = tensor([1, 2]).requiresGrad_();
    const c = tensor([3, 4]);
    assert.equal(x.add(c).requiresGrad, true);
    assert.equal(c.add(c).requiresGrad, false);
    assert.equal(noGrad(() => x.add(c)).requiresGrad, false);
    assert.equal(sum(x).gradFn?.name, 'sum');
  });

  it('toString shows shape and a preview', () => {
    assert.equal(tensor([1, 2]).toString(), 'Tensor(shape=[2], [1, 2])');
    assert.match(arange(20).toString(), /shape=\[20\], \[0, 1, 2, 3, 4, 5, …\]/);
  });
});
