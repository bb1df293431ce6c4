import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { swissRoll } from '../data/synthetic.js';
import { unexplainedVariance, unrollingCorrelation } from './swiss-roll.js';

describe('swiss-roll lab metrics', () => {
  const roll = swissRoll({ count: 400, seed: 5 });
  const t = roll.manifoldPosition!;
  const n = roll.count;

  it('ρ is 1 for the unrolled sheet in any rotation and low for the rolled-up (x, z) spiral', () => {
    const angle = (37.5 * Math.PI) / 180;
    const sheet = new Float32Array(2 * n);
    const spiral = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [u, w] = [t[i]!, roll.images[3 * i + 1]!];
      sheet[2 * i] = Math.cos(angle) * u - Math.sin(angle) * w;
      sheet[2 * i + 1] = Math.sin(angle) * u + Math.cos(angle) * w;
      spiral[2 * i] = roll.images[3 * i]!;
      spiral[2 * i + 1] = roll.images[3 * i + 2]!;
    }
    // Off the 1° grid the best grid direction is 0.5° from t's, and the width still shuffles a few ranks.
    assert.ok(unrollingCorrelation(t, sheet) > 0.99, `unrolled: ${unrollingCorrelation(t, sheet)}`);
    assert.ok(unrollingCorrelation(t, spiral) < 0.5, `rolled: ${unrollingCorrelation(t, spiral)}`);
  });

  it('unexplained variance is 0 for an exact reconstruction, 1 for the mean, ¼ for half the deviation', () => {
    const x = Float32Array.from([1, 10, 3, 20, 5, 30, 7, 40]);
    assert.equal(unexplainedVariance(x, x, 2), 0);
    const mean = Float32Array.from([4, 25, 4, 25, 4, 25, 4, 25]);
    assert.ok(Math.abs(unexplainedVariance(x, mean, 2) - 1) < 1e-12);
    const halfway = Float32Array.from(x, (v, i) => (v + mean[i]!) / 2);
    assert.ok(Math.abs(unexplainedVariance(x, halfway, 2) - 0.25) < 1e-12);
    assert.throws(() => unexplainedVariance(x, x.subarray(2), 2), /8 values and a reconstruction of 6/);
  });
});
