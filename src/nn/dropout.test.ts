import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../autograd/backward.js';
import { ones } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import { Generator } from '../tensor/random.js';
import { Dropout } from './dropout.js';
import { Sequential } from './sequential.js';

test('Dropout in training zeroes about p of the values and scales the rest by 1/(1−p)', () => {
  const drop = new Dropout(0.25, { gen: new Generator(0) });
  const y = drop.forward(ones([100, 100]));
  const zeros = Array.from(y.data).filter((v) => v === 0).length;
  assert.ok(Math.abs(zeros / 10000 - 0.25) < 0.02, `dropped ${zeros}`);
  assert.ok(Array.from(y.data).every((v) => v === 0 || Math.abs(v - 1 / 0.75) < 1e-6));
});

test('Dropout in eval mode (set through a parent) is the identity', () => {
  const drop = new Dropout(0.5, { gen: new Generator(0) });
  const net = new Sequential(drop).eval();
  const x = ones([3, 3]);
  assert.equal(net.forward(x), x);
});

test('Dropout masks: same seed same mask, new mask each call, gradient is the mask', () => {
  const a = new Dropout(0.5, { gen: new Generator(7) });
  const b = new Dropout(0.5, { gen: new Generator(7) });
  const first = a.forward(ones([64]));
  assert.deepEqual(first.data, b.forward(ones([64])).data);
  assert.notDeepEqual(a.forward(ones([64])).data, first.data);
  const x = ones([64]).requiresGrad_();
  const y = new Dropout(0.5, { gen: new Generator(1) }).forward(x);
  backward(sum(y));
  assert.deepEqual(x.grad!.data, y.data, 'd(x·m)/dx = m, and y = m for x = 1');
});

test('Dropout rejects p outside [0, 1)', () => {
  assert.throws(() => new Dropout(1, { gen: new Generator(0) }), RangeError);
  assert.throws(() => new Dropout(-0.1, { gen: new Generator(0) }), RangeError);
});
