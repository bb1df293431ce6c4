import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { tensor } from '../ops/creation.js';
import { normal } from '../ops/random.js';
import { Generator } from '../tensor/random.js';
import { Conv2d, ConvTranspose2d } from './conv.js';
import { assertModuleGradients } from './module-gradcheck.js';

test('Conv2d output shapes follow ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1', () => {
  const gen = new Generator(0);
  const x = normal(gen, [2, 1, 28, 28]);
  assert.deepEqual(new Conv2d(1, 8, 3, { gen, stride: 2, padding: 1 }).forward(x).shape, [2, 8, 14, 14]);
  assert.deepEqual(new Conv2d(1, 4, [5, 3], { gen }).forward(x).shape, [2, 4, 24, 26]);
  assert.deepEqual(new Conv2d(1, 2, 3, { gen, dilation: 2 }).forward(x).shape, [2, 2, 24, 24]);
});

test('a 1×1 Conv2d mixes channels like a Linear layer per pixel', () => {
  const conv = new Conv2d(2, 1, 1, { gen: new Generator(0) });
  conv.weight.data.set([2, -1]);
  conv.bias!.data.set([0.5]);
  const x = tensor([[[[1, 2]], [[3, 4]]]]); // 1×2×1×2
  assert.deepEqual(Array.from(conv.forward(x).data), [2 - 3 + 0.5, 4 - 4 + 0.5]);
});

test('ConvTranspose2d inverts Conv2d\'s shape change (with outputPadding for even sizes)', () => {
  const gen = new Generator(1);
  const down = new Conv2d(1, 4, 3, { gen, stride: 2, padding: 1 });
  const up = new ConvTranspose2d(4, 1, 3, { gen, stride: 2, padding: 1, outputPadding: 1 });
  assert.deepEqual(up.weight.shape, [4, 1, 3, 3]);
  const x = normal(gen, [3, 1, 28, 28]);
  assert.deepEqual(up.forward(down.forward(x)).shape, [3, 1, 28, 28]);
});

test('Conv2d default init: weight and bias within ±1/√(inC·kh·kw)', () => {
  const conv = new Conv2d(3, 16, 3, { gen: new Generator(2) });
  const bound = 1 / Math.sqrt(27);
  assert.ok(Array.from(conv.weight.data).every((v) => Math.abs(v) <= bound));
  assert.ok(Array.from(conv.bias!.data).every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...conv.weight.data) > 0.8 * bound);
});

test('Conv2d gradients w.r.t. input, weight and bias match finite differences', () => {
  const gen = new Generator(3);
  assertModuleGradients(new Conv2d(2, 3, 3, { gen, stride: 2, padding: 1 }), normal(gen, [2, 2, 5, 5]));
  assertModuleGradients(new Conv2d(1, 2, [2, 3], { gen, bias: false }), normal(gen, [1, 1, 4, 5]));
  const conv = new Conv2d(2, 2, 3, { gen, padding: 1 });
  assertGradients((x) => conv.forward(x), [normal(gen, [1, 2, 4, 4])]);
});

test('ConvTranspose2d gradients w.r.t. input, weight and bias match finite differences', () => {
  const gen = new Generator(4);
  assertModuleGradients(new ConvTranspose2d(3, 2, 3, { gen, stride: 2, padding: 1, outputPadding: 1 }), normal(gen, [2, 3, 3, 3]));
});

test('conv layers reject bad sizes', () => {
  assert.throws(() => new Conv2d(0, 1, 3, { gen: new Generator(0) }), RangeError);
  assert.throws(() => new Conv2d(1, 1, 3, { gen: new Generator(0) }).forward(normal(new Generator(0), [1, 2, 5, 5])), /weight of shape \[1, 1, 3, 3\] does not fit input \[1, 2, 5, 5\]/);
});
