import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanSquaredErrorPerImage, psnr, psnrPerImage, sumSquaredErrorPerImage } from './reconstruction-error.js';

test('SSE, MSE and PSNR per image: a hand-computed pair of 4-value images', () => {
  const x = [0, 0.5, 1, 1, 0.2, 0.2, 0.2, 0.2];
  const y = [0, 0.5, 0.5, 1, 0.2, 0.2, 0.2, 0.2];
  assert.deepEqual(Array.from(sumSquaredErrorPerImage(x, y, 4)), [0.25, 0]);
  assert.deepEqual(Array.from(meanSquaredErrorPerImage(x, y, 4)), [0.0625, 0]);
  const p = psnrPerImage(x, y, 4);
  assert.ok(Math.abs(p[0]! - 10 * Math.log10(1 / 0.0625)) < 1e-12);
  assert.equal(p[1], Infinity);
  assert.ok(Math.abs(psnr(0.01, 255) - 10 * Math.log10(255 * 255 / 0.01)) < 1e-9);
  assert.throws(() => sumSquaredErrorPerImage([1, 2, 3], [1, 2], 3), /3 target values but 2/);
  assert.throws(() => sumSquaredErrorPerImage([1, 2, 3], [1, 2, 3], 2), /do not split/);
  assert.throws(() => psnr(-1), /≥ 0/);
});
