import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyScaler, fitMinMaxScaler, fitStandardScaler, invertScaler } from './scaling.js';

const x = new Float32Array([1, 10, 5, 3, 20, 5, 5, 30, 5]); // 3 rows × 3 features; the last is constant

test('standard scaling gives zero mean and unit std per feature and inverts', () => {
  const s = fitStandardScaler(x, 3);
  const y = applyScaler(x, s);
  for (let j = 0; j < 2; j++) {
    const col = [y[j]!, y[3 + j]!, y[6 + j]!];
    const mean = col.reduce((a, b) => a + b) / 3;
    const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
    assert.ok(Math.abs(mean) < 1e-6 && Math.abs(std - 1) < 1e-6, `feature ${j}: mean ${mean} std ${std}`);
  }
  assert.deepEqual([y[2], y[5], y[8]], [0, 0, 0]);
  invertScaler(y, s).forEach((v, i) => assert.ok(Math.abs(v - x[i]!) < 1e-5));
  assert.deepEqual(x, new Float32Array([1, 10, 5, 3, 20, 5, 5, 30, 5]), 'input untouched');
});

test('min-max scaling maps each feature onto [low, high]', () => {
  const s = fitMinMaxScaler(x, 3, -1, 1);
  assert.deepEqual(Array.from(applyScaler(x, s)), [-1, -1, -1, 0, 0, -1, 1, 1, -1]);
  assert.throws(() => fitMinMaxScaler(x, 3, 1, 1), /need low < high/);
  assert.throws(() => fitStandardScaler(x, 4), /9 values do not split into rows of 4 features/);
});
