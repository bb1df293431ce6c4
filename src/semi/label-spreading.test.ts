import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNLABELLED } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';
import { knnAffinityGraph, labelSpreading, spreadLabels, type SparseGraph } from './label-spreading.js';
import type { Points } from './nearest-neighbours.js';

/** Solves A·X = B (n × n, n × m) by Gaussian elimination with partial pivoting, in float64. */
function solve(a: number[][], b: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...b[i]!]);
  for (let c = 0; c < n; c++) {
    const p = m.reduce((best, row, r) => (r >= c && Math.abs(row[c]!) > Math.abs(m[best]![c]!) ? r : best), c);
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j < m[r]!.length; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row, i) => row.slice(n).map((v) => v / m[i]![i]!));
}

function dense(g: SparseGraph): number[][] {
  const w = Array.from({ length: g.count }, () => new Array<number>(g.count).fill(0));
  for (let i = 0; i < g.count; i++) for (let e = g.offsets[i]!; e < g.offsets[i + 1]!; e++) w[i]![g.columns[e]!]! += g.weights[e]!;
  return w;
}

function clusters(perCluster: number, seed: number): { points: Points; truth: Int32Array } {
  const gen = new Generator(seed);
  const centres = [[0, 0], [10, 0], [0, 10]];
  const data = new Float32Array(3 * perCluster * 2);
  const truth = new Int32Array(3 * perCluster);
  for (let i = 0; i < 3 * perCluster; i++) {
    const c = i % 3;
    truth[i] = c;
    data[2 * i] = centres[c]![0]! + gen.nextNormal();
    data[2 * i + 1] = centres[c]![1]! + gen.nextNormal();
  }
  return { points: { data, count: 3 * perCluster, dim: 2 }, truth };
}

test('label spreading converges to the closed form F* = (1 − α)(I − αS)⁻¹Y of Zhou et al.', () => {
  const { points } = clusters(6, 1);
  const { graph } = knnAffinityGraph(points, 4);
  const w = dense(graph);
  // The affinity is symmetric.
  for (let i = 0; i < graph.count; i++) for (let j = 0; j < graph.count; j++) assert.ok(Math.abs(w[i]![j]! - w[j]![i]!) < 1e-7);
  const labels = new Int32Array(graph.count).fill(UNLABELLED);
  labels[0] = 0;
  labels[1] = 1;
  labels[5] = 2;
  const alpha = 0.9;
  const { scores } = spreadLabels(graph, labels, 3, { alpha, maxIterations: 5000, tolerance: 1e-12 });
  const deg = w.map((row) => row.reduce((a, v) => a + v, 0));
  const n = graph.count;
  const a = w.map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - (alpha * v) / Math.sqrt(deg[i]! * deg[j]!)));
  const y = Array.from({ length: n }, (_, i) => [0, 1, 2].map((c) => (labels[i] === c ? 1 - alpha : 0)));
  const exact = solve(a, y);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) assert.ok(Math.abs(scores[i * 3 + c]! - exact[i]![c]!) < 1e-5, `F[${i}][${c}]`);
});

test('label spreading: one label per cluster labels every point of three separated clusters, and new points too', () => {
  const { points, truth } = clusters(40, 2);
  const labels = new Int32Array(points.count).fill(UNLABELLED);
  for (const i of [0, 1, 2]) labels[i] = truth[i]!;
  const result = labelSpreading(points, labels, 3, { k: 6 });
  assert.deepEqual(Array.from(result.transduction), Array.from(truth));
  const fresh = clusters(10, 3);
  assert.deepEqual(Array.from(result.predict(fresh.points)), Array.from(fresh.truth));
});

test('label spreading refuses data without labels and labels out of range', () => {
  const { points } = clusters(3, 4);
  const { graph } = knnAffinityGraph(points, 2);
  assert.throws(() => spreadLabels(graph, new Int32Array(9).fill(UNLABELLED), 3), /no point is labelled/);
  assert.throws(() => spreadLabels(graph, Int32Array.from([0, 5, -1, -1, -1, -1, -1, -1, -1]), 3), /label 5 of point 1/);
  assert.throws(() => spreadLabels(graph, new Int32Array(4), 3), /4 labels for 9 points/);
  assert.throws(() => spreadLabels(graph, new Int32Array(9), 3, { alpha: 1 }), /alpha/);
});
