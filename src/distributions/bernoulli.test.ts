import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { grad } from '../autograd/transforms.js';
import { tensor } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import { sigmoid } from '../ops/unary.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { Bernoulli } from './bernoulli.js';
import { assertClose, assertWithinStdErrors, seededTensor, values } from '../testing/distributions.js';
import { bernoulliNll, binaryCrossEntropy, binaryCrossEntropyWithLogits } from './losses.js';

/** σ(l) and the naive log-likelihood y·log p + (1 − y)·log(1 − p), in float64. */
const sig = (l: number): number => 1 / (1 + Math.exp(-l));
const naiveLogLik = (l: number, y: number): number => y * Math.log(sig(l)) + (1 - y) * Math.log(1 - sig(l));

const logits = tensor([-4, -1.5, -0.2, 0, 0.3, 1, 2.5, 6]);
const targets = tensor([0, 1, 0.25, 0.5, 1, 0, 0.9, 1]);

test('logProb matches y·log p + (1 − y)·log(1 − p) for binary and fractional targets', () => {
  const lp = new Bernoulli(logits).logProb(targets);
  assertClose(lp, values(logits).map((l, i) => naiveLogLik(l, targets.data[i]!)), 1e-6, 1e-6);
});

test('Bernoulli NLL equals binary cross-entropy computed from probabilities in float64', () => {
  const l = seededTensor(1, [8, 16], -5, 5);
  const y = seededTensor(2, [8, 16], 0, 1);
  const bce = values(l).reduce((s, v, i) => s - naiveLogLik(v, y.data[i]!), 0);
  assertClose(bernoulliNll(l, y, { reduction: 'sum' }), [bce], 0, 1e-6);
  assertClose(binaryCrossEntropyWithLogits(l, y), [bce / l.size], 0, 1e-6);
  // And the probability form agrees on moderate logits, where no clamping happens.
  assertClose(binaryCrossEntropy(sigmoid(l), y, { reduction: 'sum' }), [bce], 0, 1e-5);
});

test('the gradient of BCE-with-logits is σ(l) − y, including at l = 0', () => {
  const g = grad((l) => bernoulliNll(l, targets, { reduction: 'sum' }))(logits);
  assertClose(g, values(logits).map((l, i) => sig(l) - targets.data[i]!), 1e-6, 1e-6);
});

for (const big of [100, 1e4]) {
  test(`logits ±${big} give a finite loss and a finite gradient σ(l) − y`, () => {
    const l = tensor([big, big, big, -big, -big, -big]);
    const y = tensor([0, 1, 0.3, 0, 1, 0.3]);
    const loss = bernoulliNll(l, y, { reduction: 'none' });
    assert.ok(loss.data.every(Number.isFinite), `loss ${values(loss)}`);
    // max(l,0) − l·y + log1p(e^(−|l|)) in float64.
    assertClose(loss, values(l).map((v, i) => Math.max(v, 0) - v * y.data[i]! + Math.log1p(Math.exp(-Math.abs(v)))), 1e-6, 1e-6);
    const g = grad((l) => bernoulliNll(l, y, { reduction: 'sum' }))(l);
    assert.ok(g.data.every(Number.isFinite), `gradient ${values(g)}`);
    assertClose(g, values(l).map((v, i) => sig(v) - y.data[i]!), 1e-7, 1e-6);
    const h = new Bernoulli(l).entropy();
    assert.ok(h.data.every((v) => v >= 0 && v < 1e-30), `entropy ${values(h)}`);
  });
}

test('a confident correct prediction keeps its tiny loss e^(−|l|) instead of rounding it to 0', () => {
  const loss = bernoulliNll(tensor([20, -30]), tensor([1, 0]), { reduction: 'none' });
  assertClose(loss, [Math.log1p(Math.exp(-20)), Math.log1p(Math.exp(-30))], 0, 1e-5);
});

test('gradients of logProb w.r.t. logits and value, of entropy and of the KL agree with finite differences', () => {
  const l = seededTensor(3, [2, 4], -3, 3);
  const y = seededTensor(4, [2, 4], 0.1, 0.9);
  assertGradients((l, y) => new Bernoulli(l).logProb(y), [l, y]);
  assertGradients((l) => new Bernoulli(l).entropy(), [l]);
  assertGradients((p, y) => Bernoulli.fromProbs(p).logProb(y), [seededTensor(5, [2, 4], 0.1, 0.9), y]);
});

test('mean, mode, variance, probs and entropy', () => {
  const d = new Bernoulli(tensor([-2, 0, 3]));
  const p = [-2, 0, 3].map(sig);
  assertClose(d.probs, p, 1e-7, 1e-6);
  assertClose(d.mean, p, 1e-7, 1e-6);
  assertClose(d.mode, [0, 0, 1]);
  assertClose(d.variance, p.map((q) => q * (1 - q)), 1e-7, 1e-6);
  assertClose(d.entropy(), p.map((q) => -(q * Math.log(q) + (1 - q) * Math.log(1 - q))), 1e-7, 1e-6);
});

test('fromProbs round-trips probabilities and gives finite log-probabilities at 0 and 1', () => {
  const p = tensor([0, 0.1, 0.5, 0.93, 1]);
  const d = Bernoulli.fromProbs(p);
  assertClose(d.probs, [0, 0.1, 0.5, 0.93, 1], 2e-7, 1e-6);
  const lp = d.logProb(tensor([0, 1, 1, 0, 1]));
  assert.ok(lp.data.every(Number.isFinite));
  assertClose(lp, [0, Math.log(0.1), Math.log(0.5), Math.log(0.07), 0], 1e-6, 1e-5);
});

test('sample moments match p, and sampling is deterministic under a seed', () => {
  const d = new Bernoulli(tensor([-1, 0.5, 2]));
  const n = 60_000;
  const x = d.sample(new Generator(9), [n]);
  assert.deepEqual(x.shape, [n, 3]);
  assert.ok(x.data.every((v) => v === 0 || v === 1));
  for (let j = 0; j < 3; j++) {
    assertWithinStdErrors(Array.from({ length: n }, (_, i) => x.data[3 * i + j]!), sig([-1, 0.5, 2][j]!), 4, `mean ${j}`);
  }
  assert.deepEqual(values(d.sample(new Generator(5), [10])), values(d.sample(new Generator(5), [10])));
  assert.throws(() => d.rsample(new Generator(0)), (e: Error) => e instanceof TypeError && /Bernoulli has no reparameterised sampler/.test(e.message));
});

test('bad arguments: probabilities or values outside [0, 1] and mismatched shapes', () => {
  assert.throws(() => Bernoulli.fromProbs(tensor([0.5, 1.2])), (e: Error) => e instanceof RangeError && /probs must lie in \[0, 1\], got 1.2/.test(e.message));
  assert.throws(() => Bernoulli.fromProbs(tensor([-0.1])), RangeError);
  assert.throws(() => new Bernoulli(tensor([0])).logProb(tensor([2])), (e: Error) => e instanceof RangeError && /value must lie in \[0, 1\], got 2/.test(e.message));
  assert.throws(() => new Bernoulli(tensor([0, 1, 2])).logProb(tensor([0, 1])),
    (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => bernoulliNll(tensor([[0, 1]]), tensor([0, 1])),
    (e: Error) => e instanceof ShapeError && /logits of shape \[1, 2\] and target of shape \[2\]/.test(e.message));
});

test('NaN logits propagate to the loss', () => {
  const loss = bernoulliNll(tensor([Number.NaN, 1]), tensor([1, 1]), { reduction: 'none' });
  assert.ok(Number.isNaN(loss.data[0]!));
  assert.ok(Number.isFinite(loss.data[1]!));
  assert.ok(Number.isNaN(sum(loss).item()));
});

test('second derivative of BCE-with-logits is σ(l)(1 − σ(l)), finite at ±100', () => {
  const l = tensor([-100, -2, 0, 0.7, 100]);
  const y = tensor([1, 0, 0.5, 1, 0]);
  const d2 = grad((l) => sum(grad((l) => bernoulliNll(l, y, { reduction: 'sum' }))(l)))(l);
  assertClose(d2, values(l).map((v) => sig(v) * (1 - sig(v))), 1e-7, 1e-5);
});
