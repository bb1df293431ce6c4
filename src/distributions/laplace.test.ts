import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { grad } from '../autograd/transforms.js';
import { tensor } from '../ops/creation.js';
import { mean } from '../ops/reduce.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { assertClose, assertWithinStdErrors, seededTensor, values } from '../testing/distributions.js';
import { Laplace } from './laplace.js';
import { l1Loss, laplaceNll } from './losses.js';

const laplaceLogPdf = (x: number, mu: number, b: number): number => -Math.abs(x - mu) / b - Math.log(2 * b);

const x = tensor([-1.5, 0, 0.25, 2, 3.75]);
const mu = tensor([0.5, -0.2, 0.2, 1, -1]);
const b = tensor([0.3, 1, 2.5, 0.8, 1.7]);

test('logProb with a fixed and a per-element scale matches the closed form', () => {
  assertClose(new Laplace(mu, 0.6).logProb(x), values(x).map((v, i) => laplaceLogPdf(v, mu.data[i]!, 0.6)), 1e-6, 1e-6);
  assertClose(new Laplace(mu, b).logProb(x), values(x).map((v, i) => laplaceLogPdf(v, mu.data[i]!, b.data[i]!)), 1e-6, 1e-6);
});

test('Laplace NLL with b = 1 is Σ|x − y| + D·log 2, the L1 loss up to a constant', () => {
  const pred = seededTensor(1, [3, 10], -3, 3);
  const target = seededTensor(2, [3, 10], -3, 3);
  const l1 = values(pred).reduce((s, v, i) => s + Math.abs(v - target.data[i]!), 0);
  assertClose(laplaceNll(pred, target, { reduction: 'sum' }), [l1 + 30 * Math.LN2], 0, 1e-6);
  assertClose(l1Loss(pred, target), [l1 / 30], 0, 1e-6);
  assertClose(laplaceNll(pred, target, { scale: 2, reduction: 'sum' }), [l1 / 2 + 30 * Math.log(4)], 0, 1e-6);
});

test('gradients of logProb w.r.t. value, μ and b, and of entropy, agree with finite differences', () => {
  // Values kept at least 0.1 away from μ: |x − μ| has a kink there.
  const m = tensor([0.5, -1, 2, 0]);
  const v = tensor([1.2, -0.3, 1.5, -0.8]);
  const s = tensor([0.7, 1.3, 0.5, 2]);
  assertGradients((v, m) => new Laplace(m, 0.8).logProb(v), [v, m]);
  assertGradients((v, m, s) => new Laplace(m, s).logProb(v), [v, m, s]);
  assertGradients((s) => new Laplace(0, s).entropy(), [s]);
});

test('mean, mode, variance 2b², stddev and entropy 1 + log 2b', () => {
  const d = new Laplace(tensor([1, -2]), tensor([0.5, 3]));
  assertClose(d.mean, [1, -2]);
  assertClose(d.mode, [1, -2]);
  assertClose(d.variance, [0.5, 18], 1e-6, 1e-6);
  assertClose(d.stddev, [Math.sqrt(0.5), Math.sqrt(18)], 1e-6, 1e-6);
  assertClose(d.entropy(), [1 + Math.log(1), 1 + Math.log(6)], 1e-6, 1e-6);
  assertClose(new Laplace(tensor([0, 0]), 2).entropy(), [1 + Math.log(4), 1 + Math.log(4)], 1e-6, 1e-6);
});

test('sample moments match μ and 2b²; sampling is deterministic under a seed', () => {
  const d = new Laplace(tensor([1, -2]), tensor([0.5, 3]));
  const n = 100_000;
  const z = d.sample(new Generator(3), [n]);
  assert.deepEqual(z.shape, [n, 2]);
  assert.ok(z.data.every(Number.isFinite));
  for (const [j, m, s] of [[0, 1, 0.5], [1, -2, 3]] as const) {
    const col = Array.from({ length: n }, (_, i) => z.data[2 * i + j]!);
    assertWithinStdErrors(col, m, 4, `mean ${j}`);
    // Var of (z − μ)² is E(z−μ)⁴ − (2b²)² = 24b⁴ − 4b⁴ = 20b⁴.
    assertWithinStdErrors(col.map((c) => (c - m) ** 2), 2 * s * s, 4, `variance ${j}`);
  }
  assert.deepEqual(values(d.sample(new Generator(6), [7])), values(d.sample(new Generator(6), [7])));
  assert.notDeepEqual(values(d.sample(new Generator(6), [7])), values(d.sample(new Generator(7), [7])));
});

test('rsample is reparameterised: ∂E[x]/∂μ = 1 and ∂E|x − μ|/∂b ≈ 1', () => {
  const [gMu, gB] = grad((m, s) => mean(new Laplace(m, s).rsample(new Generator(2), [50_000])), { argnums: [0, 1] })(tensor([0.3]), tensor([0.7]));
  assertClose(gMu!, [1], 1e-5, 0);
  assert.ok(Math.abs(gB!.item()) < 4 * Math.SQRT2 / Math.sqrt(50_000), `∂E[x]/∂b = ${gB!.item()}`);
});

test('bad arguments: b ≤ 0 and mismatched shapes', () => {
  assert.throws(() => new Laplace(0, -1), (e: Error) => e instanceof RangeError && /scale must be > 0, got -1/.test(e.message));
  assert.throws(() => new Laplace(tensor([0]), tensor([0])), RangeError);
  assert.throws(() => new Laplace(tensor([0, 1]), 1).logProb(tensor([0, 1, 2])), (e: Error) => e instanceof ShapeError && /\[3\]/.test(e.message) && /\[2\]/.test(e.message));
  assert.throws(() => l1Loss(tensor([0, 1]), tensor([0, 1, 2])), (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => laplaceNll(tensor([0, 1]), tensor([0, 1]), { scale: tensor([1, 1, 1]) }), ShapeError);
});
