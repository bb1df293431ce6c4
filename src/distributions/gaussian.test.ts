import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGradients } from '../autograd/gradcheck.js';
import { grad } from '../autograd/transforms.js';
import { mul } from '../ops/binary.js';
import { scalar, tensor } from '../ops/creation.js';
import { mean, sum } from '../ops/reduce.js';
import { square } from '../ops/unary.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { assertClose, assertWithinStdErrors, seededTensor, values } from '../testing/distributions.js';
import { klNormal, klStandardNormal, Normal } from './gaussian.js';
import { gaussianNll, mseLoss } from './losses.js';

const LOG_2PI = Math.log(2 * Math.PI);
/** log N(x; μ, σ²) in float64. */
const normalLogPdf = (x: number, mu: number, sigma: number): number => -0.5 * ((x - mu) / sigma) ** 2 - Math.log(sigma) - 0.5 * LOG_2PI;

const x = tensor([-1.5, 0, 0.25, 2, 3.75, -0.3]);
const mu = tensor([0.5, -0.2, 0.25, 1, -1, 0.1]);
const sigmas = tensor([0.3, 1, 2.5, 0.8, 1.7, 0.05]);

test('logProb with a fixed σ, a scale tensor and a log-variance tensor matches the closed form', () => {
  const xs = values(x);
  const ms = values(mu);
  const ss = values(sigmas);
  assertClose(new Normal(mu, 0.7).logProb(x), xs.map((v, i) => normalLogPdf(v, ms[i]!, 0.7)));
  assertClose(new Normal(mu, sigmas).logProb(x), xs.map((v, i) => normalLogPdf(v, ms[i]!, ss[i]!)), 1e-5, 1e-5);
  const logVar = tensor(ss.map((s) => 2 * Math.log(s)));
  const lv = values(logVar);
  const expected = xs.map((v, i) => -0.5 * ((v - ms[i]!) ** 2 / Math.exp(lv[i]!) + lv[i]! + LOG_2PI));
  assertClose(Normal.fromLogVar(mu, logVar).logProb(x), expected, 1e-5, 1e-5);
});

test('logProb broadcasts a batch of values against the parameters and keeps the shape', () => {
  const d = new Normal(tensor([0, 1, 2]), tensor([1, 2, 3]));
  assert.deepEqual(d.batchShape, [3]);
  const lp = d.logProb(tensor([[0, 0, 0], [1, 1, 1]]));
  assert.deepEqual(lp.shape, [2, 3]);
  assertClose(lp, [0, 1].flatMap((v) => [0, 1, 2].map((i) => normalLogPdf(v, i, i + 1))));
});

test('Gaussian NLL with σ = 1 is ½·SSE + (D/2)·log 2π (computed independently in float64)', () => {
  const D = 64;
  const pred = seededTensor(1, [4, 16], -3, 3);
  const target = seededTensor(2, [4, 16], -3, 3);
  const p = values(pred);
  const t = values(target);
  const sse = p.reduce((s, v, i) => s + (v - t[i]!) ** 2, 0);
  const identity = 0.5 * sse + (D / 2) * LOG_2PI;
  assertClose(gaussianNll(pred, target, { reduction: 'sum' }), [identity], 0, 1e-6);
  assertClose(gaussianNll(pred, target), [identity / D], 0, 1e-6);
  assertClose(mseLoss(pred, target), [sse / D], 0, 1e-6);
  // Same identity through the distribution: −Σ log N(t; p, 1).
  assertClose(sum(new Normal(pred, 1).logProb(target)), [-identity], 0, 1e-6);
});

test('gradients of logProb w.r.t. value, μ, σ and log σ² agree with finite differences', () => {
  const v = seededTensor(3, [2, 3]);
  const m = seededTensor(4, [2, 3]);
  const s = seededTensor(5, [2, 3], 0.5, 2);
  const lv = seededTensor(6, [3], -1, 1);
  assertGradients((v, m) => new Normal(m, 0.8).logProb(v), [v, m]);
  assertGradients((v, m, s) => new Normal(m, s).logProb(v), [v, m, s]);
  assertGradients((v, m, lv) => Normal.fromLogVar(m, lv).logProb(v), [v, m, lv]);
  assertGradients((m, lv) => Normal.fromLogVar(m, lv).entropy(), [m, lv]);
  assertGradients((s) => new Normal(0, s).entropy(), [s]);
});

test('second derivative: ∂²/∂μ² log N(x; μ, σ²) = −1/σ²', () => {
  const m = tensor([0.3, -1.2]);
  const d2 = grad((m) => sum(grad((m) => sum(new Normal(m, 0.5).logProb(tensor([1, 1]))))(m)))(m);
  assertClose(d2, [-4, -4], 1e-5, 1e-5);
});

test('entropy, mean, mode, variance and scale in every parameterisation', () => {
  const m = tensor([1, -2]);
  const s = tensor([0.5, 3]);
  for (const d of [new Normal(m, s), Normal.fromLogVar(m, tensor([2 * Math.log(0.5), 2 * Math.log(3)]))]) {
    assertClose(d.entropy(), [0.5, 3].map((v) => 0.5 * Math.log(2 * Math.PI * Math.E * v * v)), 1e-5, 1e-5);
    assertClose(d.mean, [1, -2]);
    assertClose(d.mode, [1, -2]);
    assertClose(d.variance, [0.25, 9], 1e-5, 1e-5);
    assertClose(d.scale, [0.5, 3], 1e-5, 1e-5);
    assertClose(d.stddev, [0.5, 3], 1e-5, 1e-5);
  }
  const fixed = new Normal(m, 2);
  assertClose(fixed.variance, [4, 4]);
  assertClose(fixed.logVar, [2 * Math.log(2), 2 * Math.log(2)]);
  assertClose(fixed.entropy(), [0.5 * Math.log(2 * Math.PI * Math.E * 4), 0.5 * Math.log(2 * Math.PI * Math.E * 4)]);
});

test('sample moments match μ and σ², and the shape is [...sampleShape, ...batchShape]', () => {
  const d = new Normal(tensor([1, -2]), tensor([0.5, 3]));
  const n = 100_000;
  const z = d.sample(new Generator(7), [n]);
  assert.deepEqual(z.shape, [n, 2]);
  assert.equal(z.requiresGrad, false);
  for (const [j, m, s] of [[0, 1, 0.5], [1, -2, 3]] as const) {
    const col = Array.from({ length: n }, (_, i) => z.data[2 * i + j]!);
    assertWithinStdErrors(col, m, 4, `mean ${j}`);
    const v = col.reduce((a, c) => a + (c - m) ** 2, 0) / n;
    assert.ok(Math.abs(v - s * s) < 4 * s * s * Math.sqrt(2 / n), `variance ${j}: ${v} vs ${s * s}`);
  }
});

test('sampling is deterministic under a seed', () => {
  const d = Normal.fromLogVar(tensor([0, 1, 2]), tensor([0, -1, 1]));
  assert.deepEqual(values(d.sample(new Generator(11), [5])), values(d.sample(new Generator(11), [5])));
  assert.notDeepEqual(values(d.sample(new Generator(11), [5])), values(d.sample(new Generator(12), [5])));
  assert.deepEqual(values(d.rsample(new Generator(3))), values(d.sample(new Generator(3))));
});

test('rsample is reparameterised: ∂E[z]/∂μ = 1, ∂E[z]/∂σ ≈ 0 and ∂E[z²]/∂log σ² ≈ σ²', () => {
  const n = 50_000;
  const dMu = grad((m) => mean(new Normal(m, 0.7).rsample(new Generator(1), [n])))(tensor([0.3]));
  assertClose(dMu, [1], 1e-5, 0);
  const [gMu, gS] = grad((m, s) => mean(new Normal(m, s).rsample(new Generator(2), [n])), { argnums: [0, 1] })(tensor([0.3]), tensor([0.7]));
  assertClose(gMu!, [1], 1e-5, 0);
  assert.ok(Math.abs(gS!.item()) < 4 / Math.sqrt(n), `∂E[z]/∂σ = ${gS!.item()}`);
  // E[z²] = μ² + e^(log σ²); its derivative w.r.t. log σ² is σ². Per sample: 2z·ε·σ/2 = z·ε·σ.
  const gen = new Generator(3);
  const lv = tensor([Math.log(0.49)]);
  const per = Array.from({ length: 20 }, () =>
    grad((lv) => mean(square(Normal.fromLogVar(scalar(0.3), lv).rsample(gen, [5000]))))(lv).item());
  assertWithinStdErrors(per, 0.49, 3, '∂E[z²]/∂log σ²');
});

test('KL between diagonal Gaussians agrees with a 200k-sample Monte Carlo estimate', () => {
  const q = Normal.fromLogVar(tensor([0.3]), tensor([2 * Math.log(0.8)]));
  for (const p of [new Normal(tensor([-0.5]), 1.5), new Normal(tensor([1]), tensor([0.6])), new Normal(tensor([0]), 1)]) {
    const z = q.sample(new Generator(21), [200_000]);
    const lp = p.logProb(z).data;
    const diff = values(q.logProb(z)).map((v, i) => v - lp[i]!);
    assertWithinStdErrors(diff, klNormal(q, p).item(), 3, 'KL(q‖p)');
  }
});

test('KL matches the float64 closed form, is 0 for q = p and ≥ 0 for random pairs', () => {
  const mq = seededTensor(30, [500], -3, 3);
  const mp = seededTensor(31, [500], -3, 3);
  const lq = seededTensor(32, [500], -4, 4);
  const lp = seededTensor(33, [500], -4, 4);
  const kl = klNormal(Normal.fromLogVar(mq, lq), Normal.fromLogVar(mp, lp));
  const expected = values(mq).map((m, i) => {
    const vq = Math.exp(lq.data[i]!);
    const vp = Math.exp(lp.data[i]!);
    return 0.5 * (Math.log(vp / vq) + (vq + (m - mp.data[i]!) ** 2) / vp - 1);
  });
  assertClose(kl, expected, 1e-5, 1e-4);
  assert.ok(kl.data.every((v) => v >= 0));
  const q = Normal.fromLogVar(mq, lq);
  assert.ok(klNormal(q, q).data.every((v) => v === 0));
  const near = Normal.fromLogVar(mq, seededTensor(34, [500], -1e-4, 1e-4));
  assert.ok(klNormal(near, Normal.fromLogVar(mq, seededTensor(35, [500], -1e-4, 1e-4))).data.every((v) => v >= 0));
  const s = new Normal(mq, 0.5);
  assert.ok(klNormal(s, s).data.every((v) => v === 0));
});

test('klStandardNormal is ½(μ² + σ² − log σ² − 1) and equals KL against N(0, 1)', () => {
  const m = seededTensor(40, [3, 4]);
  const lv = seededTensor(41, [3, 4], -3, 3);
  const kl = klStandardNormal(m, lv);
  assertClose(kl, values(m).map((v, i) => 0.5 * (v * v + Math.exp(lv.data[i]!) - lv.data[i]! - 1)), 1e-5, 1e-5);
  assertClose(kl, values(klNormal(Normal.fromLogVar(m, lv), new Normal(0, 1))), 1e-6, 1e-5);
  assertGradients((m, lv) => klStandardNormal(m, lv), [m, lv]);
  assertGradients((a, b, c, d) => klNormal(Normal.fromLogVar(a, b), new Normal(c, d)), [m, lv, seededTensor(42, [3, 4]), seededTensor(43, [3, 4], 0.5, 2)]);
});

test('bad arguments: σ ≤ 0 and mismatched shapes give errors that say what is wrong', () => {
  assert.throws(() => new Normal(tensor([0]), 0), (e: Error) => e instanceof RangeError && /scale must be > 0, got 0/.test(e.message));
  assert.throws(() => new Normal(tensor([0, 0]), tensor([1, -2])), (e: Error) => e instanceof RangeError && /got -2 at index 1/.test(e.message));
  assert.throws(() => new Normal(tensor([0, 0]), tensor([1, 1, 1])), ShapeError);
  assert.throws(() => new Normal(tensor([0, 0, 0]), 1).logProb(tensor([1, 2])),
    (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message) && /\[3\]/.test(e.message));
  assert.throws(() => gaussianNll(tensor([1, 2]), tensor([[1, 2]])), (e: Error) => e instanceof ShapeError && /\[2\]/.test(e.message) && /\[1, 2\]/.test(e.message));
  assert.throws(() => new Normal(tensor([0]), 1).sample(new Generator(0), [-1]), ShapeError);
});

test('NaN propagates elementwise through logProb', () => {
  const lp = new Normal(tensor([0, 0]), 1).logProb(tensor([Number.NaN, 1]));
  assert.ok(Number.isNaN(lp.data[0]!));
  assertClose([lp.data[1]!], [normalLogPdf(1, 0, 1)]);
  assert.ok(Number.isNaN(mul(new Normal(tensor([Number.NaN]), 1).logProb(tensor([0])), 1).item()));
});
