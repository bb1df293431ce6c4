import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Dataset } from '../data/dataset.js';
import { Generator } from '../tensor/random.js';
import { fitLinearAe } from './linear-ae.js';

/** n points x = A·s in R^8 with s ~ N(0, diag(9, 4, 1)): an exactly 3-dimensional linear case. */
function exactlyLinear(n: number): Dataset {
  const gen = new Generator(5);
  const a = Array.from({ length: 8 * 3 }, () => gen.nextNormal());
  const images = new Float32Array(n * 8);
  for (let i = 0; i < n; i++) {
    const s = [3 * gen.nextNormal(), 2 * gen.nextNormal(), gen.nextNormal()];
    for (let j = 0; j < 8; j++) images[i * 8 + j] = 0.5 + a[j * 3]! * s[0]! + a[j * 3 + 1]! * s[1]! + a[j * 3 + 2]! * s[2]!;
  }
  return { name: 'linear', images, shape: [8], count: n, labels: null, numClasses: 0 };
}

describe('lab linear-ae', () => {
  it("on exactly linear data, the decoder spans PCA's subspace (angles ≈ 0) and reaches its error", async () => {
    const run = await fitLinearAe(exactlyLinear(400), 3, { codeSizes: [3], epochs: 60, batchSize: 32, lr: 1e-2, seed: 0 });
    assert.equal(run.anglesDegrees.length, 3);
    assert.ok(run.largestAngleDegrees < 1, `largest angle ${run.largestAngleDegrees}°`);
    assert.ok(run.mse.pca < 1e-8, `PCA reconstructs exactly: ${run.mse.pca}`);
    assert.ok(run.mse.linearAe < 1e-3, `linear AE MSE ${run.mse.linearAe}`);
    assert.ok(run.eigenGap > 1e3, 'no fourth direction');
  });
});
