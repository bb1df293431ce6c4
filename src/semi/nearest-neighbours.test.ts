import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { nearestNeighbours, type Points } from './nearest-neighbours.js';

function randomPoints(count: number, dim: number, seed: number): Points {
  return { data: new Generator(seed).fillNormal(new Float32Array(count * dim)), count, dim };
}

/** The k nearest by a direct sort of all distances (float64). */
function bruteForce(q: Points, r: Points, k: number, excludeSelf: boolean): number[][] {
  return Array.from({ length: q.count }, (_, i) => {
    const d = Array.from({ length: r.count }, (_, j) => {
      let s = 0;
      for (let c = 0; c < q.dim; c++) s += (q.data[i * q.dim + c]! - r.data[j * r.dim + c]!) ** 2;
      return [s, j] as const;
    }).filter(([, j]) => !(excludeSelf && j === i));
    return d.sort((a, b) => a[0] - b[0]).slice(0, k).map(([, j]) => j);
  });
}

test('nearestNeighbours matches a brute-force sort, chunked or not, with and without the point itself', () => {
  const refs = randomPoints(57, 5, 1);
  const queries = randomPoints(23, 5, 2);
  for (const chunk of [1, 7, 100]) {
    const nn = nearestNeighbours(queries, refs, 4, { chunk });
    const want = bruteForce(queries, refs, 4, false);
    for (let i = 0; i < queries.count; i++) assert.deepEqual(Array.from(nn.indices.subarray(i * 4, i * 4 + 4)), want[i], `query ${i}, chunk ${chunk}`);
    for (let i = 0; i < nn.sqDistances.length; i += 4) assert.ok(nn.sqDistances[i]! <= nn.sqDistances[i + 1]!, 'ascending');
  }
  const self = nearestNeighbours(refs, refs, 3, { excludeSelf: true, chunk: 10 });
  const want = bruteForce(refs, refs, 3, true);
  for (let i = 0; i < refs.count; i++) assert.deepEqual(Array.from(self.indices.subarray(i * 3, i * 3 + 3)), want[i]);
});

test('nearestNeighbours: the squared distances are exact on a grid, and bad arguments are refused', () => {
  const line: Points = { data: Float32Array.from([0, 0, 3, 0, 0, 4]), count: 3, dim: 2 };
  const nn = nearestNeighbours({ data: Float32Array.from([0, 1]), count: 1, dim: 2 }, line, 3);
  assert.deepEqual(Array.from(nn.indices), [0, 2, 1]);
  assert.deepEqual(Array.from(nn.sqDistances), [1, 9, 10]);
  assert.throws(() => nearestNeighbours(line, line, 3, { excludeSelf: true }), /k must be an integer in \[1, 2\]/);
  assert.throws(() => nearestNeighbours({ data: new Float32Array(3), count: 1, dim: 3 }, line, 1), /3 values per row, references 2/);
});
