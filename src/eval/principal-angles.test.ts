import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { orthonormalBasis, principalAngles } from './principal-angles.js';

describe('principalAngles', () => {
  it('are the constructed angles between span(e1, e2) and span(e1, cos θ e2 + sin θ e3)', () => {
    const theta = 0.7;
    const angles = principalAngles([[1, 0, 0, 0], [0, 1, 0, 0]], [[2, 0, 0, 0], [0, Math.cos(theta), Math.sin(theta), 0]]);
    assert.ok(Math.abs(angles[0]!) < 1e-7 && Math.abs(angles[1]! - theta) < 1e-12, `${angles}`);
  });

  it('are 0 for two different bases of one subspace and π/2 for orthogonal subspaces', () => {
    const same = principalAngles([[1, 2, 3], [0, 1, 1]], [[1, 3, 4], [2, 3, 5]]);
    assert.ok(same.every((a) => a < 1e-6), `${same}`);
    const orthogonal = principalAngles([[1, 0, 0]], [[0, 3, 4]]);
    assert.ok(Math.abs(orthogonal[0]! - Math.PI / 2) < 1e-12);
  });

  it('drops dependent columns from a basis and rejects mismatched lengths', () => {
    assert.equal(orthonormalBasis([[1, 1, 0], [2, 2, 0], [0, 0, 1]]).length, 2);
    assert.throws(() => principalAngles([[1, 0]], [[1, 0, 0]]), /lengths 2 and 3/);
  });
});
