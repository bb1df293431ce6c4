import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { grad } from '../autograd/transforms.js';
import { tensor } from '../ops/creation.js';
import { ShapeError } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertClose, seededTensor, values } from '../testing/distributions.js';
import {
  bernoulliNll, binaryCrossEntropy, crossEntropy, gaussianNll, l1Loss, laplaceNll, mseLoss, reduceLoss, type LossOptions,
} from './losses.js';

const LOG_2PI = Math.log(2 * Math.PI);
const pred = seededTensor(1, [3, 4], -2, 2);
const target = seededTensor(2, [3, 4], 0, 1);

const elementwise: [string, (p: Tensor, t: Tensor, o?: LossOptions) => Tensor][] = [
  ['gaussianNll', gaussianNll], ['mseLoss', mseLoss], ['bernoulliNll', bernoulliNll], ['laplaceNll', laplaceNll], ['l1Loss', l1Loss],
];

for (const [name, loss] of elementwise) {
  test(`${name}: 'none' keeps the shape, 'sum' adds, 'mean' (the default) averages; the gradient checks out`, () => {
    const none = loss(pred, target, { reduction: 'none' });
    assert.deepEqual(none.shape, [3, 4]);
    const total = values(none).reduce((a, b) => a + b, 0);
    assertClose(loss(pred, target, { reduction: 'sum' }), [total], 1e-5, 1e-6);
    assertClose(loss(pred, target), [total / 12], 1e-6, 1e-6);
    assertClose(loss(pred, target, { reduction: 'mean' }), [total / 12], 1e-6, 1e-6);
    assertGradients((p, t) => loss(p, t, { reduction: 'none' }), [pred, target]);
  });
}

test('an unknown reduction is a TypeError that names it', () => {
  assert.throws(() => mseLoss(pred, target, { reduction: 'avg' as 'mean' }), (e: Error) => e instanceof TypeError && /'avg'/.test(e.message));
  assert.throws(() => reduceLoss(pred, 'max' as 'sum'), TypeError);
});

test('gaussianNll with a fixed σ and with a learned log-variance matches the closed form', () => {
  const p = values(pred);
  const t = values(target);
  assertClose(gaussianNll(pred, target, { sigma: 2, reduction: 'none' }),
    p.map((v, i) => 0.5 * ((t[i]! - v) / 2) ** 2 + Math.log(2) + 0.5 * LOG_2PI), 1e-6, 1e-6);
  const logVar = tensor([-1, 0, 0.5, 2]);
  assertClose(gaussianNll(pred, target, { logVar, reduction: 'none' }),
    p.map((v, i) => 0.5 * ((t[i]! - v) ** 2 / Math.exp(logVar.data[i % 4]!) + logVar.data[i % 4]! + LOG_2PI)), 1e-6, 1e-6);
  assertGradients((p, lv) => gaussianNll(p, target, { logVar: lv, reduction: 'sum' }), [pred, logVar]);
  // The learned variance's optimum is the squared error: ∂/∂log σ² = ½(1 − (x − μ)²/σ²).
  const g = grad((lv) => gaussianNll(tensor([0]), tensor([3]), { logVar: lv }))(tensor([Math.log(9)]));
  assertClose(g, [0], 1e-6, 0);
});

test('gaussianNll rejects conflicting or ill-shaped variance arguments', () => {
  assert.throws(() => gaussianNll(pred, target, { sigma: 1, logVar: tensor([0]) }), TypeError);
  assert.throws(() => gaussianNll(pred, target, { sigma: 0 }), RangeError);
  assert.throws(() => gaussianNll(pred, target, { logVar: tensor([0, 0, 0]) }), (e: Error) => e instanceof ShapeError && /\[3\]/.test(e.message) && /\[3, 4\]/.test(e.message));
  assert.throws(() => gaussianNll(pred, target, { logVar: tensor([[[0, 0, 0, 0]]]) }), ShapeError);
});

test('binaryCrossEntropy from probabilities: clamped at 0 and 1, and range-checked', () => {
  const loss = binaryCrossEntropy(tensor([0, 1, 0.5]), tensor([1, 0, 1]), { reduction: 'none' });
  assert.ok(loss.data.every(Number.isFinite));
  assertClose(loss, [-Math.log(2 ** -23), -Math.log(2 ** -23), Math.LN2], 1e-5, 1e-5);
  assertClose(binaryCrossEntropy(tensor([0.2]), tensor([1]), { eps: 0.25 }), [-Math.log(0.25)], 1e-6, 1e-6);
  assertGradients((p) => binaryCrossEntropy(p, target), [seededTensor(3, [3, 4], 0.1, 0.9)]);
  assert.throws(() => binaryCrossEntropy(tensor([1.5]), tensor([1])), (e: Error) => e instanceof RangeError && /probs must lie in \[0, 1\], got 1.5/.test(e.message));
  assert.throws(() => binaryCrossEntropy(tensor([0.5]), tensor([-1])), (e: Error) => e instanceof RangeError && /target/.test(e.message));
  assert.throws(() => binaryCrossEntropy(tensor([0.5, 0.5]), tensor([1])), (e: Error) => e instanceof ShapeError && /probs of shape \[2\] and target of shape \[1\]/.test(e.message));
});

test('crossEntropy reductions average over the batch, not over classes', () => {
  const logits = seededTensor(4, [6, 3]);
  const labels = tensor([0, 1, 2, 2, 1, 0]);
  const none = crossEntropy(logits, labels, { reduction: 'none' });
  assert.deepEqual(none.shape, [6]);
  const total = values(none).reduce((a, b) => a + b, 0);
  assertClose(crossEntropy(logits, labels, { reduction: 'sum' }), [total], 1e-5, 1e-6);
  assertClose(crossEntropy(logits, labels), [total / 6], 1e-6, 1e-6);
});
