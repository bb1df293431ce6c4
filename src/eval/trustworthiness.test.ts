import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { neighbourhoodPreservation } from './trustworthiness.js';

const line = (values: number[]) => new Tensor(Float32Array.from(values.flatMap((v) => [v, 0])), [values.length, 2]);

test('trustworthiness and continuity: 1 for an isometric map, and for any rigid motion or scaling', () => {
  const gen = new Generator(2);
  const x = new Tensor(Float32Array.from({ length: 60 * 3 }, () => gen.nextNormal()), [60, 3]);
  const scaled = new Tensor(x.data.map((v, i) => (i % 3 === 0 ? -2 * v : 2 * v) + 5), [60, 3]);
  const r = neighbourhoodPreservation(x, scaled, 5);
  assert.equal(r.trustworthiness, 1);
  assert.equal(r.continuity, 1);
});

test('trustworthiness and continuity: a hand-computed case (two points swapped)', () => {
  // Data 0, 1, 3, 6, 10; the embedding swaps the last two: 0, 1, 3, 10, 6. With k = 1 the nearest
  // neighbours change only for points 3 and 4; in the data, point 3 (at 6) ranks point 4 second and point 4
  // (at 10) ranks point 2 second: Σ(r − k) = 2 for trustworthiness, likewise 2 for continuity.
  // T = C = 1 − 2/(n·k·(2n − 3k − 1))·2 = 1 − 2/(5·1·6)·2 = 13/15.
  const r = neighbourhoodPreservation(line([0, 1, 3, 6, 10]), line([0, 1, 3, 10, 6]), 1);
  assert.ok(Math.abs(r.trustworthiness - 13 / 15) < 1e-12, `${r.trustworthiness}`);
  assert.ok(Math.abs(r.continuity - 13 / 15) < 1e-12, `${r.continuity}`);
});

test('trustworthiness and continuity: a hand-computed case where they differ (one point moved inside the line)', () => {
  // Data 0…7 on a line, k = 2; the embedding moves point 0 to 3.6 (0.6 from point 3, 0.4 from point 4).
  // Trustworthiness, Σ over new embedded neighbours of (data rank − k): point 0 gains 4 and 3 (ranks 4, 3: 2 + 1),
  // point 1 gains 3 (rank 3: 1), point 3 gains 0 (rank 5: 3), point 4 gains 0 (rank 7: 5): 12.
  // Continuity, Σ over lost data neighbours of (embedded rank − k): point 0 loses 1 and 2 (ranks 6, 4: 4 + 2),
  // point 1 loses 0 (rank 3: 1), point 3 loses 4 (rank 3, after point 2 by index: 1), point 4 loses 5 (rank 3: 1): 9.
  // Scale 2/(n·k·(2n − 3k − 1)) = 2/(8·2·9) = 1/72: T = 1 − 12/72, C = 1 − 9/72.
  const r = neighbourhoodPreservation(line([0, 1, 2, 3, 4, 5, 6, 7]), line([3.6, 1, 2, 3, 4, 5, 6, 7]), 2);
  assert.ok(Math.abs(r.trustworthiness - (1 - 12 / 72)) < 1e-12, `T ${r.trustworthiness}`);
  assert.ok(Math.abs(r.continuity - (1 - 9 / 72)) < 1e-12, `C ${r.continuity}`);
});

test('neighbourhoodPreservation: k must be below n/2; rows must match', () => {
  assert.throws(() => neighbourhoodPreservation(line([0, 1, 2, 3]), line([0, 1, 2, 3]), 2), /k < n\/2/);
  assert.throws(() => neighbourhoodPreservation(line([0, 1, 2]), line([0, 1]), 1), /same rows/);
});
