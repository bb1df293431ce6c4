import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { addGaussianNoise, maskingNoise, saltAndPepper } from './corruption.js';

const n = 40000;
const x = new Float32Array(n).fill(0.5);

test('additive Gaussian noise has the requested standard deviation and leaves the input alone', () => {
  const y = addGaussianNoise(x, 0.2, new Generator(1));
  let mean = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    mean += (y[i]! - 0.5) / n;
    sq += (y[i]! - 0.5) ** 2 / n;
  }
  assert.ok(Math.abs(mean) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(sq) - 0.2) < 0.005, `std ${Math.sqrt(sq)}`);
  assert.ok(x.every((v) => v === 0.5));
  assert.deepEqual(y, addGaussianNoise(x, 0.2, new Generator(1)));
});

test('masking noise zeroes about the requested fraction', () => {
  const y = maskingNoise(x, 0.25, new Generator(2));
  const zeros = y.filter((v) => v === 0).length / n;
  assert.ok(Math.abs(zeros - 0.25) < 0.01, `masked ${zeros}`);
  assert.ok(y.every((v) => v === 0 || v === 0.5));
  assert.ok(x.every((v) => v === 0.5));
  assert.deepEqual(maskingNoise(x, 0, new Generator(2)), x);
  assert.ok(maskingNoise(x, 1, new Generator(2)).every((v) => v === 0));
});

test('salt-and-pepper sets about the requested fraction to low or high, half each', () => {
  const y = saltAndPepper(x, 0.3, new Generator(3));
  const low = y.filter((v) => v === 0).length / n;
  const high = y.filter((v) => v === 1).length / n;
  assert.ok(Math.abs(low + high - 0.3) < 0.012, `corrupted ${low + high}`);
  assert.ok(Math.abs(low - high) < 0.015, `low ${low} high ${high}`);
  assert.ok(x.every((v) => v === 0.5));
  const custom = saltAndPepper(x, 1, new Generator(3), -1, 2);
  assert.ok(custom.every((v) => v === -1 || v === 2));
});

test('amounts outside their range are rejected', () => {
  const gen = new Generator(0);
  assert.throws(() => maskingNoise(x, 1.5, gen), /amount must be a fraction in \[0, 1\], got 1.5/);
  assert.throws(() => saltAndPepper(x, -0.1, gen), /amount must be a fraction/);
  assert.throws(() => addGaussianNoise(x, Number.NaN, gen), /std must be a finite number/);
});
