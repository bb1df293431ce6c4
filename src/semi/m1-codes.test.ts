import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { activeDimensions, columnMeans, posteriorSample, takeColumns } from './m1-codes.js';

// Four codes of 3 dimensions: column 0 constant, column 1 std 0.05, column 2 std 1.
const mu = Float32Array.from([2, 0.05, 1, 2, -0.05, -1, 2, 0.05, 1, 2, -0.05, -1]);

test('columnMeans and takeColumns on a hand-made array', () => {
  assert.deepEqual(Array.from(columnMeans(mu, 3)), [2, 0, 0]);
  assert.deepEqual(Array.from(takeColumns(mu, 3, Int32Array.from([2, 0]))), [1, 2, -1, 2, 1, 2, -1, 2]);
});

test('activeDimensions keeps the columns whose std exceeds the threshold, every column at 0', () => {
  assert.deepEqual(Array.from(activeDimensions(mu, 3, 0.1)), [2]);
  assert.deepEqual(Array.from(activeDimensions(mu, 3, 0.01)), [1, 2]);
  assert.deepEqual(Array.from(activeDimensions(mu, 3, 0)), [0, 1, 2]);
  assert.deepEqual(Array.from(activeDimensions(mu, 3, 2)), []);
});

test('posteriorSample draws each row around its mean with its own source sample\'s σ', () => {
  // Two samples of 2 dimensions; training rows 0..3 come from samples [1, 0, 1, 1]; a batch of rows [2, 1].
  const sigma = Float32Array.from([0.5, 2, 3, 0.1]);
  const sources = Int32Array.from([1, 0, 1, 1]);
  const x = Float32Array.from([10, -10, 5, 5]);
  const draw = posteriorSample(sigma, 2, sources);
  const n = 20_000;
  const sums = new Float64Array(4);
  const squares = new Float64Array(4);
  for (let t = 0; t < n; t++) {
    const z = draw(x, new Generator(t), Int32Array.from([2, 1]));
    z.forEach((v, i) => { sums[i]! += v; squares[i]! += (v - x[i]!) ** 2; });
  }
  const want = [3, 0.1, 0.5, 2];
  for (let i = 0; i < 4; i++) {
    const sd = Math.sqrt(squares[i]! / n);
    assert.ok(Math.abs(sums[i]! / n - x[i]!) < 4 * want[i]! / Math.sqrt(n), `mean of value ${i}: ${sums[i]! / n}`);
    assert.ok(Math.abs(sd / want[i]! - 1) < 0.03, `σ of value ${i}: ${sd}, want ${want[i]}`);
  }
  // Without sources, one σ row for every sample.
  const shared = posteriorSample(Float32Array.from([0, 1]), 2, null)(x, new Generator(1), Int32Array.from([0, 3]));
  assert.equal(shared[0], 10);
  assert.equal(shared[2], 5);
  assert.notEqual(shared[1], -10);
  assert.deepEqual(draw(x, new Generator(4), Int32Array.from([2, 1])), draw(x, new Generator(4), Int32Array.from([2, 1])));
});
