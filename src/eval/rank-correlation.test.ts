import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ranks, spearman } from './rank-correlation.js';

describe('spearman', () => {
  it('gives average ranks to ties', () => {
    assert.deepEqual([...ranks([10, 20, 20, 5])], [2, 3.5, 3.5, 1]);
  });

  it('is ±1 for monotone relations and matches a hand-computed case', () => {
    assert.equal(spearman([1, 2, 3, 4], [1, 8, 27, 64]), 1);
    assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    // Ranks (1,2,3,4,5) vs (2,1,4,3,5): Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8.
    assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) - 0.8) < 1e-12);
    assert.ok(Number.isNaN(spearman([1, 1, 1], [1, 2, 3])));
    assert.throws(() => spearman([1, 2], [1]), /lengths 2 and 1/);
  });
});
