import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../autograd/backward.js';
import { add } from '../ops/binary.js';
import { tensor } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import { mul } from '../ops/binary.js';
import { clipGradNorm, clipGradValue } from './clip.js';

test('clipGradNorm rescales all gradients together and returns the norm before clipping', () => {
  const a = tensor([0]).requiresGrad_();
  const b = tensor([0, 0]).requiresGrad_();
  a.grad = tensor([3]);
  b.grad = tensor([0, 4]);
  assert.equal(clipGradNorm([a, b], 1), 5);
  assert.ok(Math.abs(a.grad.data[0]! - 0.6) < 1e-6 && Math.abs(b.grad.data[1]! - 0.8) < 1e-6);
  assert.ok(Math.abs(clipGradNorm([a, b], 10) - 1) < 1e-6);
  assert.ok(Math.abs(a.grad.data[0]! - 0.6) < 1e-6, 'below the limit nothing changes');
});

test('clipGradNorm with the ∞-norm uses the largest magnitude; parameters without gradients are ignored', () => {
  const a = tensor([0, 0]).requiresGrad_();
  const idle = tensor([0]).requiresGrad_();
  a.grad = tensor([-8, 2]);
  assert.equal(clipGradNorm([a, idle], 4, { normType: Infinity }), 8);
  assert.ok(Math.abs(a.grad.data[0]! + 4) < 1e-5 && Math.abs(a.grad.data[1]! - 1) < 1e-5);
  assert.equal(idle.grad, null);
});

test('clipping never scales a gradient twice when two parameters share gradient storage', () => {
  // For y = a + b, backward hands the same upstream gradient to both a and b.
  const a = tensor([0, 0]).requiresGrad_();
  const b = tensor([0, 0]).requiresGrad_();
  backward(sum(mul(add(a, b), tensor([3, 4]))));
  const norm = clipGradNorm([a, b], 1);
  assert.ok(Math.abs(norm - Math.sqrt(50)) < 1e-5);
  const scale = 1 / Math.sqrt(50);
  for (const p of [a, b]) assert.ok(Math.abs(p.grad!.data[0]! - 3 * scale) < 1e-6 && Math.abs(p.grad!.data[1]! - 4 * scale) < 1e-6);
});

test('a non-finite norm is reported and the gradients are left alone', () => {
  const a = tensor([0, 0]).requiresGrad_();
  a.grad = tensor([NaN, 1]);
  assert.ok(Number.isNaN(clipGradNorm([a], 1)));
  assert.equal(a.grad.data[1], 1);
});

test('clipGradValue clamps each value', () => {
  const a = tensor([0, 0, 0]).requiresGrad_();
  a.grad = tensor([-3, 0.5, 2]);
  clipGradValue([a], 1);
  assert.deepEqual(Array.from(a.grad.data), [-1, 0.5, 1]);
  assert.throws(() => clipGradValue([a], -1), RangeError);
});
