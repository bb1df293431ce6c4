import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  arange, assertGradients, broadcastTo, concat, flatten, Generator, gradients, permute, reshape, ShapeError, slice, split, squeeze,
  stack, sum, tensor, transpose, unsqueeze, type Tensor,
} from '../index.js';
import { assertClose, randomTensor, sharesStorage } from '../testing/tensors.js';

const shapeErrorNaming = (...shapes: string[]) => (e: unknown): boolean =>
  e instanceof ShapeError && shapes.every((s) => e.message.includes(s));

describe('reshape family', () => {
  it('reshape is a view that shares storage, infers −1 and routes the gradient back', () => {
    const x = arange(6);
    const y = reshape(x, [2, -1]);
    assert.deepEqual(y.shape, [2, 3]);
    assert.ok(sharesStorage(y.data, x.data));
    x.data[4] = 40;
    assert.equal((y.toArray() as number[][])[1]![1], 40);
    assertGradients((t) => reshape(t, [3, 2]).mul(tensor([1, 2])), [randomTensor(new Generator(1), [2, 3])]);
  });

  it('reshape to a different size is a ShapeError naming both shapes', () => {
    assert.throws(() => reshape(arange(6), [4, 2]), shapeErrorNaming('[6]', '[4, 2]'));
    assert.throws(() => reshape(arange(6), [-1, 4]), shapeErrorNaming('[6]', '[-1, 4]'));
    assert.throws(() => reshape(arange(6), [-1, -1]), ShapeError);
  });

  it('flatten, unsqueeze and squeeze', () => {
    const x = tensor(new Float32Array(24), [2, 3, 4]);
    assert.deepEqual(flatten(x).shape, [24]);
    assert.deepEqual(flatten(x, 1).shape, [2, 12]);
    assert.deepEqual(flatten(x, 0, 1).shape, [6, 4]);
    assert.deepEqual(unsqueeze(x, 0).shape, [1, 2, 3, 4]);
    assert.deepEqual(unsqueeze(x, -1).shape, [2, 3, 4, 1]);
    assert.deepEqual(squeeze(tensor(new Float32Array(3), [1, 3, 1])).shape, [3]);
    assert.deepEqual(squeeze(tensor(new Float32Array(3), [1, 3, 1]), 2).shape, [1, 3]);
    assert.throws(() => squeeze(x, 1), shapeErrorNaming('[2, 3, 4]'));
  });
});

describe('broadcastTo', () => {
  it('repeats values and sums the gradient back', () => {
    const x = tensor([[1], [2]]);
    assert.deepEqual(broadcastTo(x, [3, 2, 2]).toArray(), [[[1, 1], [2, 2]], [[1, 1], [2, 2]], [[1, 1], [2, 2]]]);
    assertGradients((t) => broadcastTo(t, [3, 2, 4]), [randomTensor(new Generator(2), [2, 1])]);
    assertGradients((t) => broadcastTo(t, [2, 3]), [randomTensor(new Generator(3), [3])]);
  });

  it('a shape it cannot reach is a ShapeError naming both', () => {
    assert.throws(() => broadcastTo(tensor([1, 2, 3]), [2, 4]), shapeErrorNaming('[3]', '[2, 4]'));
    assert.throws(() => broadcastTo(tensor([[1, 2]]), [2]), shapeErrorNaming('[1, 2]', '[2]'));
  });
});

describe('permute and transpose', () => {
  it('move values as the float64 reference says and route gradients back', () => {
    const x = randomTensor(new Generator(4), [2, 3, 4]);
    const y = permute(x, [2, 0, 1]);
    assert.deepEqual(y.shape, [4, 2, 3]);
    const xs = x.toArray() as number[][][];
    const ys = y.toArray() as number[][][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) assert.equal(ys[k]![i]![j], xs[i]![j]![k]);
    assertGradients((t) => permute(t, [2, 0, 1]), [x]);
    assertGradients((t) => permute(t, [1, 2, 0]), [x]);
    assertGradients((t) => transpose(t, 0, 2), [x]);
    assert.deepEqual(transpose(tensor([[1, 2, 3]])).toArray(), [[1], [2], [3]]);
    assert.throws(() => permute(x, [0, 0, 1]), ShapeError);
    assert.throws(() => permute(x, [0, 1]), shapeErrorNaming('[2, 3, 4]'));
  });
});

describe('slice', () => {
  it('a cut on the leading axis is a view sharing storage', () => {
    const x = arange(12).reshape([3, 4]);
    const y = slice(x, [{ start: 1, end: 3 }]);
    assert.deepEqual(y.toArray(), [[4, 5, 6, 7], [8, 9, 10, 11]]);
    assert.ok(sharesStorage(y.data, x.data));
    assert.equal(y.data.byteOffset - x.data.byteOffset, 4 * 4);
    x.data[5] = -5;
    assert.equal(y.data[1], -5);
  });

  it('a cut on an inner axis copies, with negative indices counted from the end', () => {
    const x = arange(24).reshape([2, 3, 4]);
    const y = slice(x, [null, { start: -2 }, { start: 1, end: -1 }]);
    assert.deepEqual(y.toArray(), [[[5, 6], [9, 10]], [[17, 18], [21, 22]]]);
    assert.ok(!sharesStorage(y.data, x.data));
  });

  it('gradients of view and non-view slices (and their second order) match finite differences', () => {
    const x = randomTensor(new Generator(5), [3, 4, 2]);
    assertGradients((t) => slice(t, [{ start: 1 }]), [x]);
    assertGradients((t) => slice(t, [{ start: 1, end: 2 }, { start: 2 }]), [x]);
    assertGradients((t) => slice(t, [null, { start: 1, end: 3 }, { start: 1 }]), [x]);
    const firstDerivative = (t: Tensor): Tensor => gradients(sum(slice(t, [null, { start: 1 }]).square()), [t], { createGraph: true })[0]!;
    assertGradients(firstDerivative, [x]);
  });

  it('out-of-range bounds clamp, and an empty range gives a zero-size axis', () => {
    const x = arange(5);
    assert.deepEqual(slice(x, [{ start: -10, end: 10 }]).toArray(), [0, 1, 2, 3, 4]);
    assert.deepEqual(slice(x, [{ start: 3, end: 1 }]).shape, [0]);
    assert.throws(() => slice(x, [{}, {}]), ShapeError);
  });
});

describe('concat, split and stack', () => {
  const gen = new Generator(6);
  const a = randomTensor(gen, [2, 3, 2]);
  const b = randomTensor(gen, [2, 1, 2]);
  const c = randomTensor(gen, [2, 2, 2]);

  it('concat on a non-leading axis: values and gradients', () => {
    const y = concat([a, b, c], 1);
    assert.deepEqual(y.shape, [2, 6, 2]);
    const ys = y.toArray() as number[][][];
    assert.deepEqual(ys[1]![3], (b.toArray() as number[][][])[1]![0]);
    assert.deepEqual(ys[0]![5], (c.toArray() as number[][][])[0]![1]);
    assertGradients((x, y2, z) => concat([x, y2, z], 1), [a, b, c]);
    assertGradients((x, y2) => concat([x, y2], -1), [a, randomTensor(gen, [2, 3, 3])]);
  });

  it('concat with mismatched shapes is a ShapeError naming them', () => {
    assert.throws(() => concat([a, randomTensor(gen, [3, 3, 2])], 1), shapeErrorNaming('[2, 3, 2]', '[3, 3, 2]'));
    assert.throws(() => concat([]), ShapeError);
  });

  it('split undoes concat and its pieces carry gradients', () => {
    const parts = split(concat([a, b, c], 1), [3, 1, 2], 1);
    assertClose(parts[0]!, a);
    assertClose(parts[1]!, b);
    assertClose(parts[2]!, c);
    assert.equal(split(a, 2, -1).length, 2);
    assertGradients((x) => split(x, [1, 2], 1)[1]!.mul(2), [a]);
    assertGradients((x) => { const [p, q] = split(x, 2, 2); return p!.mul(q!); }, [a]);
    assert.throws(() => split(a, 2, 1), shapeErrorNaming('[2, 3, 2]'));
    assert.throws(() => split(a, [1, 1], 1), shapeErrorNaming('[2, 3, 2]'));
  });

  it('stack on a new inner axis: values and gradients', () => {
    const p = randomTensor(gen, [2, 3]);
    const q = randomTensor(gen, [2, 3]);
    const y = stack([p, q], 1);
    assert.deepEqual(y.shape, [2, 2, 3]);
    assert.deepEqual((y.toArray() as number[][][])[1]![0], (p.toArray() as number[][])[1]);
    assert.deepEqual(stack([p, q], -1).shape, [2, 3, 2]);
    assertGradients((x, z) => stack([x, z], 2), [p, q]);
    assert.throws(() => stack([p, randomTensor(gen, [3, 2])]), shapeErrorNaming('[2, 3]', '[3, 2]'));
  });
});
