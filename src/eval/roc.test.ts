import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rocAuc, rocCurve } from './roc.js';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and ½ for a constant score', () => {
    const positive = [true, true, false, false];
    assert.equal(rocAuc([4, 3, 2, 1], positive), 1);
    assert.equal(rocAuc([1, 2, 3, 4], positive), 0);
    assert.equal(rocAuc([5, 5, 5, 5], positive), 0.5);
  });

  it('counts the pairs a positive wins, ties as ½ (hand-counted case)', () => {
    // positives 0.9, 0.4, 0.4; negatives 0.5, 0.4, 0.1. Pairs (p, n): 0.9 beats all 3; each 0.4 loses to 0.5,
    // ties 0.4, beats 0.1 → 1.5 each. Wins 3 + 1.5 + 1.5 = 6 of 9.
    const scores = [0.9, 0.4, 0.4, 0.5, 0.4, 0.1];
    const positive = [true, true, true, false, false, false];
    assert.equal(rocAuc(scores, positive), 6 / 9);
  });

  it('does not depend on the order of the samples', () => {
    const scores = [0.3, 0.8, 0.8, 0.1, 0.5, 0.5, 0.9];
    const positive = [false, true, false, false, true, true, true];
    const perm = [6, 2, 0, 5, 1, 3, 4];
    assert.equal(rocAuc(perm.map((i) => scores[i]!), perm.map((i) => positive[i]!)), rocAuc(scores, positive));
  });

  it('rejects NaN scores, mismatched lengths and one-class labels', () => {
    assert.throws(() => rocAuc([0.1, NaN], [true, false]), /score 1 is NaN/);
    assert.throws(() => rocAuc([0.1], [true, false]), /1 scores but 2 labels/);
    assert.throws(() => rocAuc([0.1, 0.2], [true, true]), /at least one positive and one negative/);
  });
});

describe('rocCurve', () => {
  it('steps through each distinct threshold from (0, 0) to (1, 1); its trapezoid area is the AUC', () => {
    const scores = [0.9, 0.4, 0.4, 0.5, 0.4, 0.1];
    const positive = [true, true, true, false, false, false];
    const c = rocCurve(scores, positive);
    assert.deepEqual(c.thresholds, [Infinity, 0.9, 0.5, 0.4, 0.1]);
    assert.deepEqual(c.tpr, [0, 1 / 3, 1 / 3, 1, 1]);
    assert.deepEqual(c.fpr, [0, 0, 1 / 3, 2 / 3, 1]);
    let area = 0;
    for (let i = 1; i < c.fpr.length; i++) area += ((c.fpr[i]! - c.fpr[i - 1]!) * (c.tpr[i]! + c.tpr[i - 1]!)) / 2;
    assert.ok(Math.abs(area - rocAuc(scores, positive)) < 1e-12);
  });
});
