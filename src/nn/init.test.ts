import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import {
  calculateGain, computeFans, constant_, glorotUniform_, heNormal_, kaimingNormal_, kaimingUniform_, normal_, ones_, uniform_, xavierNormal_,
  xavierUniform_, zeros_,
} from './init.js';

function moments(t: Tensor): { mean: number; std: number; maxAbs: number } {
  const v = Array.from(t.data);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { mean, std, maxAbs: Math.max(...v.map(Math.abs)) };
}

test('calculateGain matches PyTorch\'s table', () => {
  assert.equal(calculateGain('linear'), 1);
  assert.equal(calculateGain('sigmoid'), 1);
  assert.equal(calculateGain('tanh'), 5 / 3);
  assert.equal(calculateGain('relu'), Math.SQRT2);
  assert.equal(calculateGain('leakyRelu', 0.2), Math.sqrt(2 / 1.04));
  assert.equal(calculateGain('leakyRelu', 0), Math.SQRT2);
});

test('computeFans for Linear (out×in) and conv (out×in×kh×kw) weights', () => {
  assert.deepEqual(computeFans([30, 20]), { fanIn: 20, fanOut: 30 });
  assert.deepEqual(computeFans([16, 3, 5, 5]), { fanIn: 75, fanOut: 400 });
  assert.throws(() => computeFans([5]), /at least 2 dimensions/);
});

test('Xavier/Glorot uniform: bounded by gain·√(6/(in+out)); normal: std gain·√(2/(in+out))', () => {
  const gen = new Generator(0);
  const u = xavierUniform_(Tensor.empty([200, 300]), gen, { gain: calculateGain('tanh') });
  const bound = (5 / 3) * Math.sqrt(6 / 500);
  const mu = moments(u);
  assert.ok(mu.maxAbs <= bound && mu.maxAbs > 0.99 * bound);
  assert.ok(Math.abs(mu.std - bound / Math.sqrt(3)) < 0.01 * bound);
  assert.equal(glorotUniform_, xavierUniform_);
  const n = moments(xavierNormal_(Tensor.empty([200, 300]), gen));
  assert.ok(Math.abs(n.std - Math.sqrt(2 / 500)) < 0.01 * Math.sqrt(2 / 500) && Math.abs(n.mean) < 1e-3);
});

test('Kaiming/He: std gain/√fan with fanIn or fanOut mode', () => {
  const gen = new Generator(1);
  const inStd = Math.SQRT2 / Math.sqrt(8 * 9);
  const a = moments(kaimingNormal_(Tensor.empty([512, 8, 3, 3]), gen, { nonlinearity: 'relu' }));
  assert.ok(Math.abs(a.std - inStd) < 0.02 * inStd, `fanIn std ${a.std}`);
  const outStd = Math.SQRT2 / Math.sqrt(512 * 9);
  const b = moments(heNormal_(Tensor.empty([512, 8, 3, 3]), gen, { mode: 'fanOut' }));
  assert.ok(Math.abs(b.std - outStd) < 0.02 * outStd, `fanOut std ${b.std}`);
  const c = moments(kaimingUniform_(Tensor.empty([100, 400]), gen));
  const bound = Math.SQRT2 * Math.sqrt(3 / 400);
  assert.ok(c.maxAbs <= bound && c.maxAbs > 0.99 * bound);
});

test('plain fills and determinism under a seed', () => {
  assert.deepEqual(Array.from(zeros_(new Tensor(new Float32Array([1, 2]), [2])).data), [0, 0]);
  assert.deepEqual(Array.from(ones_(Tensor.empty([2])).data), [1, 1]);
  assert.deepEqual(Array.from(constant_(Tensor.empty([2]), 3).data), [3, 3]);
  const u = moments(uniform_(Tensor.empty([10000]), new Generator(2), -2, 2));
  assert.ok(u.maxAbs <= 2 && Math.abs(u.mean) < 0.05);
  const n = moments(normal_(Tensor.empty([10000]), new Generator(2), 5, 0.5));
  assert.ok(Math.abs(n.mean - 5) < 0.02 && Math.abs(n.std - 0.5) < 0.02);
  assert.deepEqual(xavierUniform_(Tensor.empty([4, 4]), new Generator(3)).data, xavierUniform_(Tensor.empty([4, 4]), new Generator(3)).data);
});
