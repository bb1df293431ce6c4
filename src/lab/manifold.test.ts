import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../tensor/random.js';
import { distanceRatio, expectedOccupancy, maxOccupancy, measuredOccupancy } from './manifold.js';

describe('lab manifold: the curse of dimensionality', () => {
  it("has the lecture's numbers: 8 samples fill at most 80 % of 10 bins and 8 % of 100; 57 % and 7.7 % expected", () => {
    assert.equal(maxOccupancy(8, 10), 0.8);
    assert.equal(maxOccupancy(8, 100), 0.08);
    assert.ok(Math.abs(expectedOccupancy(8, 10) - (1 - 0.9 ** 8)) < 1e-15);
    assert.equal(expectedOccupancy(8, 10).toFixed(4), '0.5695');
    assert.equal(expectedOccupancy(8, 100).toFixed(4), '0.0773');
    assert.equal(maxOccupancy(20, 10), 1);
  });

  it('measures occupancy within sampling error of 1 − (1 − 1/b)ⁿ', () => {
    const gen = new Generator(3);
    for (const [dims, tolerance] of [[1, 0.006], [2, 0.0015], [3, 0.0002]] as const) {
      const measured = measuredOccupancy(8, 10, dims, 20000, gen);
      const expected = expectedOccupancy(8, 10 ** dims);
      assert.ok(Math.abs(measured - expected) < tolerance, `d=${dims}: ${measured} vs ${expected}`);
    }
  });

  it('pairwise distances concentrate as the dimension grows', () => {
    const gen = new Generator(1);
    const low = distanceRatio(50, 2, gen);
    const high = distanceRatio(50, 1000, gen);
    assert.ok(low > 10, `d=2 ratio ${low}`);
    assert.ok(high > 1 && high < 1.5, `d=1000 ratio ${high}`);
  });
});
