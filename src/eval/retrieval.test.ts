import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { averagePrecision, precisionAtK, rankOthers, retrievalMetrics } from './retrieval.js';

describe('precisionAtK and averagePrecision', () => {
  it('match hand-computed values', () => {
    const ranked = [true, false, true, false, false, true];
    assert.equal(precisionAtK(ranked, 1), 1);
    assert.equal(precisionAtK(ranked, 2), 0.5);
    assert.equal(precisionAtK(ranked, 3), 2 / 3);
    assert.equal(precisionAtK(ranked, 100), 0.5);
    // Hits at ranks 1, 3, 6: (1/1 + 2/3 + 3/6) / 3.
    assert.ok(Math.abs(averagePrecision(ranked) - (1 + 2 / 3 + 0.5) / 3) < 1e-15);
    assert.equal(averagePrecision([false, false]), 0);
    assert.throws(() => precisionAtK(ranked, 0), /k must be a positive integer/);
  });
});

describe('retrievalMetrics', () => {
  it('leaves the query out and ranks the rest by distance', () => {
    assert.deepEqual([...rankOthers([0, 5, 1, 3], 0)], [2, 3, 1]);
    assert.deepEqual([...rankOthers([2, 2, 0, 2], 2)], [0, 1, 3]);
  });

  it('on a tiny 1-D case gives the hand-computed P@1, P@2 and mAP', () => {
    // Points 0, 1, 10, 12 with classes a, a, b, a.
    // q=0: others by distance 1(a), 10(b), 12(a) → P@1 1, P@2 ½, AP (1 + 2/3)/2.
    // q=1: 0(a), 10(b), 12(a) → same as q=0.
    // q=10: 12(a), 1(a), 0(a) → no relevant: 0, 0, 0.
    // q=12: 10(b), 1(a), 0(a) → P@1 0, P@2 ½, AP (1/2 + 2/3)/2.
    const x = Float32Array.from([0, 1, 10, 12]);
    const labels = [0, 0, 1, 0];
    const p1 = retrievalMetrics(x, 4, 1, labels, { k: 1, blockElements: 12 });
    assert.equal(p1.precisionAtK, (1 + 1 + 0 + 0) / 4);
    const p2 = retrievalMetrics(x, 4, 1, labels, { k: 2 });
    assert.equal(p2.precisionAtK, (0.5 + 0.5 + 0 + 0.5) / 4);
    const ap = [(1 + 2 / 3) / 2, (1 + 2 / 3) / 2, 0, (0.5 + 2 / 3) / 2];
    assert.ok(Math.abs(p2.meanAveragePrecision - ap.reduce((a, b) => a + b) / 4) < 1e-12);
    assert.deepEqual([p2.items, p2.queries, p2.k], [4, 4, 2]);
  });

  it('is perfect for well separated classes in several dimensions, and checks its inputs', () => {
    const x = Float32Array.from([0, 0, 0.1, 0, 0, 0.1, 9, 9, 9.1, 9, 9, 9.2]);
    const m = retrievalMetrics(x, 6, 2, [0, 0, 0, 1, 1, 1], { k: 2 });
    assert.equal(m.precisionAtK, 1);
    assert.equal(m.meanAveragePrecision, 1);
    assert.throws(() => retrievalMetrics(x, 7, 2, [0, 0, 0, 1, 1, 1, 1]), /cannot hold 7 × 2/);
  });
});
