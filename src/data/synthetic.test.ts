import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussianMixture2d, mixtureComponentMean, sCurve, swissRoll } from './synthetic.js';

test('swiss roll: same seed same points, different seed different points, t in [1.5π, 4.5π)', () => {
  const a = swissRoll({ count: 500, seed: 3, noise: 0.1 });
  assert.deepEqual(a.images, swissRoll({ count: 500, seed: 3, noise: 0.1 }).images);
  assert.notDeepEqual(a.images, swissRoll({ count: 500, seed: 4, noise: 0.1 }).images);
  assert.deepEqual(a.shape, [3]);
  assert.ok(a.manifoldPosition!.every((t) => t >= Math.fround(1.5 * Math.PI) && t <= Math.fround(4.5 * Math.PI)));
  const flat = swissRoll({ count: 100, seed: 3, dims: 2 });
  for (let i = 0; i < 100; i++) {
    const t = flat.manifoldPosition![i]!;
    assert.ok(Math.abs(Math.hypot(flat.images[2 * i]!, flat.images[2 * i + 1]!) - t) < 1e-4, 'radius equals t without noise');
  }
});

test('S-curve: deterministic, points on the curve without noise', () => {
  const a = sCurve({ count: 300, seed: 1 });
  assert.deepEqual(a.images, sCurve({ count: 300, seed: 1 }).images);
  for (let i = 0; i < 300; i++) {
    const t = a.manifoldPosition![i]!;
    assert.ok(Math.abs(a.images[3 * i]! - Math.sin(t)) < 1e-5);
    assert.ok(a.images[3 * i + 1]! >= 0 && a.images[3 * i + 1]! < 2);
  }
});

test('Gaussian mixture: labels are components, points near their means, balanced within tolerance', () => {
  const ds = gaussianMixture2d({ count: 5000, seed: 9, components: 5, radius: 4, std: 0.1 });
  assert.deepEqual(ds.images, gaussianMixture2d({ count: 5000, seed: 9, components: 5, radius: 4, std: 0.1 }).images);
  assert.equal(ds.numClasses, 5);
  const counts = new Array(5).fill(0);
  for (let i = 0; i < ds.count; i++) {
    const k = ds.labels![i]!;
    counts[k]++;
    const [mx, my] = mixtureComponentMean(k, 5, 4);
    assert.ok(Math.hypot(ds.images[2 * i]! - mx, ds.images[2 * i + 1]! - my) < 0.6);
  }
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 120, `component count ${c}`);
});

test('bad options are rejected', () => {
  assert.throws(() => swissRoll({ count: 0, seed: 1 }), /count must be a positive integer/);
  assert.throws(() => sCurve({ count: 1, seed: 1, noise: -1 }), /noise must be/);
  assert.throws(() => gaussianMixture2d({ count: 1, seed: 1, components: 0 }), /components must be/);
});
