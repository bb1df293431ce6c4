import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { grad } from '../autograd/transforms.js';
import { tensor } from '../ops/creation.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { Categorical } from './categorical.js';
import { assertClose, seededTensor, values } from '../testing/distributions.js';
import { crossEntropy } from './losses.js';

/** log softmax of one row, in float64 the naive way (moderate logits only). */
const naiveLogSoftmax = (row: number[]): number[] => {
  const z = row.reduce((s, v) => s + Math.exp(v), 0);
  return row.map((v) => v - Math.log(z));
};
const rows = (t: { data: Float32Array; shape: readonly number[] }): number[][] => {
  const k = t.shape[t.shape.length - 1]!;
  return Array.from({ length: t.data.length / k }, (_, r) => Array.from(t.data.subarray(r * k, (r + 1) * k)));
};

const logits = seededTensor(1, [4, 5], -3, 3);
const labels = tensor([0, 4, 2, 2]);

test('logProb(label) matches log softmax picked at the label', () => {
  const d = new Categorical(logits);
  assert.deepEqual(d.batchShape, [4]);
  assert.equal(d.numClasses, 5);
  assertClose(d.logProb(labels), rows(logits).map((r, i) => naiveLogSoftmax(r)[labels.data[i]!]!), 1e-6, 1e-6);
  assertClose(d.logProb([1, 1, 1, 1]), rows(logits).map((r) => naiveLogSoftmax(r)[1]!), 1e-6, 1e-6);
});

test('logProb broadcasts a batch of labels, e.g. samples of shape [N, ...batchShape]', () => {
  const d = new Categorical(tensor([0.1, 1, -1]));
  const lp = d.logProb(tensor([0, 1, 2, 1]));
  assert.deepEqual(lp.shape, [4]);
  const ref = naiveLogSoftmax([0.1, 1, -1]);
  assertClose(lp, [ref[0]!, ref[1]!, ref[2]!, ref[1]!], 1e-6, 1e-6);
});

test('crossEntropy is the categorical NLL, with hard labels or with soft targets', () => {
  const expected = rows(logits).map((r, i) => -naiveLogSoftmax(r)[labels.data[i]!]!);
  const mean = expected.reduce((a, b) => a + b, 0) / expected.length;
  assertClose(crossEntropy(logits, labels), [mean], 1e-6, 1e-6);
  assertClose(crossEntropy(logits, labels, { reduction: 'none' }), expected, 1e-6, 1e-6);
  const oneHot = tensor(values(labels).flatMap((c) => [0, 1, 2, 3, 4].map((k) => (k === c ? 1 : 0))), [4, 5]);
  assertClose(crossEntropy(logits, oneHot), [mean], 1e-6, 1e-6);
});

for (const big of [100, 1e4]) {
  test(`logits ±${big}: finite loss and gradient softmax − one-hot`, () => {
    const l = tensor([[big, -big, 0], [-big, big, -big]]);
    const y = tensor([1, 1]);
    const loss = crossEntropy(l, y, { reduction: 'none' });
    assertClose(loss, [2 * big, 0], 1e-6, 1e-6);
    const g = grad((l) => crossEntropy(l, y, { reduction: 'sum' }))(l);
    assert.ok(g.data.every(Number.isFinite));
    assertClose(g, [1, -1, 0, 0, 0, 0], 1e-6, 0);
  });
}

test('gradients of logProb and entropy w.r.t. the logits agree with finite differences', () => {
  assertGradients((l) => new Categorical(l).logProb(labels), [logits]);
  assertGradients((l) => new Categorical(l).entropy(), [logits]);
  assertGradients((l, t) => crossEntropy(l, t), [logits, seededTensor(2, [4, 5], 0, 0.4)]);
});

test('probs, mode and entropy; an impossible class (−∞ logit) keeps the entropy finite', () => {
  const d = new Categorical(logits);
  const p = rows(logits).map((r) => naiveLogSoftmax(r).map(Math.exp));
  assertClose(d.probs, p.flat(), 1e-7, 1e-5);
  assertClose(d.mode, rows(logits).map((r) => r.indexOf(Math.max(...r))));
  assertClose(d.entropy(), p.map((r) => -r.reduce((s, q) => s + q * Math.log(q), 0)), 1e-6, 1e-5);
  const h = new Categorical(tensor([0, 0, Number.NEGATIVE_INFINITY])).entropy();
  assertClose(h, [Math.LN2], 1e-6, 1e-6);
  assert.throws(() => d.mean, TypeError);
  assert.throws(() => d.variance, TypeError);
});

test('sample frequencies match the probabilities, and sampling is deterministic under a seed', () => {
  const d = new Categorical(tensor([[0, 1, 2, -1], [3, 0, 0, 0]]));
  const n = 40_000;
  const s = d.sample(new Generator(4), [n]);
  assert.deepEqual(s.shape, [n, 2]);
  const probs = rows(d.probs);
  for (let r = 0; r < 2; r++) {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[s.data[2 * i + r]!]! += 1;
    counts.forEach((c, k) => {
      const p = probs[r]![k]!;
      assert.ok(Math.abs(c / n - p) < 4 * Math.sqrt((p * (1 - p)) / n), `row ${r} class ${k}: ${c / n} vs ${p}`);
    });
  }
  assert.deepEqual(values(d.sample(new Generator(8), [20])), values(d.sample(new Generator(8), [20])));
  assert.notDeepEqual(values(d.sample(new Generator(8), [20])), values(d.sample(new Generator(9), [20])));
});

test('bad arguments: labels out of range or fractional, and mismatched shapes name both shapes', () => {
  const d = new Categorical(logits);
  assert.throws(() => d.logProb(tensor([0, 5, 1, 1])), (e: Error) => e instanceof RangeError && /integers in \[0, 5\), got 5 at index 1/.test(e.message));
  assert.throws(() => d.logProb(tensor([0, 0.5, 1, 1])), RangeError);
  assert.throws(() => d.logProb(tensor([0, 1, 2])), (e: Error) => e instanceof ShapeError && /\[3\]/.test(e.message) && /\[4\]/.test(e.message));
  assert.throws(() => crossEntropy(logits, tensor([0, 1])), (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message) && /\[4, 5\]/.test(e.message));
  assert.throws(() => crossEntropy(logits, tensor([[0, 1]])), (e: Error) => e instanceof ShapeError && /\[1, 2\]/.test(e.message) && /\[4, 5\]/.test(e.message));
  assert.throws(() => new Categorical(tensor(3)), ShapeError);
});
