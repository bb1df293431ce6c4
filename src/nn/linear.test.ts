import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { tensor } from '../ops/creation.js';
import { normal } from '../ops/random.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { Linear } from './linear.js';
import { assertModuleGradients } from './module-gradcheck.js';

test('Linear computes x·Wᵀ + b with W stored out×in', () => {
  const lin = new Linear(3, 2, { gen: new Generator(0) });
  assert.deepEqual(lin.weight.shape, [2, 3]);
  lin.weight.data.set([1, 2, 3, 4, 5, 6]);
  lin.bias!.data.set([0.5, -1]);
  const y = lin.forward(tensor([[1, 0, -1], [2, 1, 0]]));
  assert.deepEqual(y.shape, [2, 2]);
  assert.deepEqual(Array.from(y.data), [1 - 3 + 0.5, 4 - 6 - 1, 2 + 2 + 0.5, 8 + 5 - 1]);
});

test('Linear keeps leading batch axes and can drop the bias', () => {
  const lin = new Linear(4, 5, { gen: new Generator(1), bias: false });
  assert.equal(lin.bias, null);
  assert.deepEqual(lin.parameters().length, 1);
  assert.deepEqual(lin.forward(normal(new Generator(2), [2, 3, 4])).shape, [2, 3, 5]);
});

test('Linear default init is PyTorch\'s: weight and bias in ±1/√in, spread over the whole range', () => {
  const lin = new Linear(64, 200, { gen: new Generator(3) });
  const bound = 1 / 8;
  for (const p of [lin.weight, lin.bias!]) {
    const values = Array.from(p.data);
    assert.ok(values.every((v) => Math.abs(v) <= bound), 'inside the bound');
    assert.ok(Math.max(...values) > 0.9 * bound && Math.min(...values) < -0.9 * bound, 'fills the range');
  }
  // Variance of U(−b, b) is b²/3.
  const w = Array.from(lin.weight.data);
  const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
  assert.ok(Math.abs(variance - bound * bound / 3) < 0.05 * bound * bound / 3, `variance ${variance}`);
});

test('Linear: same seed, same weights', () => {
  assert.deepEqual(new Linear(3, 3, { gen: new Generator(9) }).weight.data, new Linear(3, 3, { gen: new Generator(9) }).weight.data);
});

test('Linear gradients w.r.t. input, weight and bias match finite differences', () => {
  const gen = new Generator(4);
  assertModuleGradients(new Linear(4, 3, { gen }), normal(gen, [5, 4]));
  assertModuleGradients(new Linear(3, 2, { gen }), normal(gen, [2, 2, 3]));
  // The input gradient once more through the core's own checker, with its documented default tolerances.
  const lin = new Linear(4, 3, { gen });
  assertGradients((x) => lin.forward(x), [normal(gen, [3, 4])]);
});

test('Linear names the shapes when the input does not fit', () => {
  const lin = new Linear(3, 2, { gen: new Generator(0) });
  assert.throws(() => lin.forward(tensor([[1, 2]])), (e: Error) => e instanceof ShapeError && /Linear\(3, 2\): input of shape \[1, 2\] does not end in 3/.test(e.message));
  assert.throws(() => new Linear(0, 2, { gen: new Generator(0) }), RangeError);
});
