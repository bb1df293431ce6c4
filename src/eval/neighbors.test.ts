import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { kNearestNeighbors, pairwiseSquaredDistances } from './neighbors.js';

function randomRows(n: number, d: number, seed: number): Tensor {
  const gen = new Generator(seed);
  return new Tensor(Float32Array.from({ length: n * d }, () => gen.nextNormal()), [n, d]);
}

/** Brute force in float64: every distance, sorted by (distance, index). */
function bruteForce(q: Tensor, r: Tensor, k: number, excludeSelf = false): number[][] {
  const [n, d] = q.shape as [number, number];
  const m = r.shape[0]!;
  return Array.from({ length: n }, (_, i) => {
    const all: [number, number][] = [];
    for (let j = 0; j < m; j++) {
      if (excludeSelf && i === j) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += (q.data[i * d + t]! - r.data[j * d + t]!) ** 2;
      all.push([s, j]);
    }
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return all.slice(0, k).map((e) => e[1]);
  });
}

test('kNearestNeighbors: the brute-force neighbours, across many small distance blocks', () => {
  const q = randomRows(53, 5, 1);
  const r = randomRows(80, 5, 2);
  const expected = bruteForce(q, r, 7);
  for (const blockElements of [80, 1000, 1 << 22]) {
    const nb = kNearestNeighbors(q, r, 7, { blockElements });
    for (let i = 0; i < 53; i++) assert.deepEqual(Array.from(nb.indices.subarray(i * 7, (i + 1) * 7)), expected[i], `query ${i}, block ${blockElements}`);
  }
});

test('kNearestNeighbors: distances are squared Euclidean, nearest first; excludeSelf leaves each point out of its own list', () => {
  const x = new Tensor(Float32Array.from([0, 0, 3, 4, 6, 8, 1, 0]), [4, 2]);
  const nb = kNearestNeighbors(x, x, 2, { excludeSelf: true });
  // (0,0), (3,4), (6,8), (1,0): point 1 is 25 from both 0 and 2 and keeps the lower index.
  assert.deepEqual(Array.from(nb.indices), [3, 1, 3, 0, 1, 3, 0, 1]);
  assert.deepEqual(Array.from(nb.distances), [1, 25, 20, 25, 25, 89, 1, 20]);
  assert.deepEqual(bruteForce(x, x, 2, true).flat(), Array.from(nb.indices));
});

test('kNearestNeighbors: equal distances are broken by the lower reference index', () => {
  const r = new Tensor(Float32Array.from([1, 0, -1, 0, 0, 1, 0, -1]), [4, 2]);
  const q = new Tensor(Float32Array.from([0, 0]), [1, 2]);
  assert.deepEqual(Array.from(kNearestNeighbors(q, r, 3).indices), [0, 1, 2]);
});

test('pairwiseSquaredDistances: a hand-checked grid; clear errors for bad shapes and k', () => {
  const a = new Tensor(Float32Array.from([0, 0, 1, 1]), [2, 2]);
  const b = new Tensor(Float32Array.from([1, 0, 2, 2, 0, 0]), [3, 2]);
  assert.deepEqual(Array.from(pairwiseSquaredDistances(a, b)), [1, 8, 0, 1, 2, 2]);
  assert.throws(() => kNearestNeighbors(a, new Tensor(new Float32Array(3), [1, 3]), 1), /N × D and reference M × D/);
  assert.throws(() => kNearestNeighbors(a, b, 4), /k must be an integer in \[1, 3\]/);
  assert.throws(() => kNearestNeighbors(a, b, 1, { excludeSelf: true }), /same rows/);
});
