import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeUnits } from './active-units.js';

test('activeUnits: counts units whose posterior mean varies across inputs by more than 0.01', () => {
  // Three units over four inputs: variances (n − 1 = 3) 5/3, 0.01/3 and 0.
  const mu = [
    0, 0.1, 5,
    1, 0.2, 5,
    2, 0.1, 5,
    3, 0.2, 5,
  ];
  const r = activeUnits(mu, 3);
  assert.equal(r.active, 1);
  assert.deepEqual([...r.units], [0]);
  assert.ok(Math.abs(r.activity[0]! - 5 / 3) < 1e-12);
  assert.ok(Math.abs(r.activity[1]! - 0.01 / 3) < 1e-12);
  assert.equal(r.activity[2], 0);
  assert.equal(activeUnits(mu, 3, 0.001).active, 2);
  assert.deepEqual([...activeUnits(mu, 3, 0.001).units], [0, 1]);
  assert.throws(() => activeUnits([1, 2, 3], 3), /at least 2/);
});
