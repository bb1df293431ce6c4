import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { chooseParzenSigma, parzenLogLikelihood, parzenLogLikelihoods, parzenScore } from './parzen.js';

const logNormal = (x: number[], mu: number[], s2: number) =>
  -0.5 * x.length * Math.log(2 * Math.PI * s2) - x.reduce((a, v, i) => a + (v - mu[i]!) ** 2, 0) / (2 * s2);

test('Parzen: one kernel centre is exactly the Gaussian log-density N(x; μ, σ²I)', () => {
  const centre = new Tensor(Float32Array.from([1, -2, 0.5]), [1, 3]);
  const points = new Tensor(Float32Array.from([0, 0, 0, 1, -2, 0.5, 3, 1, -1]), [3, 3]);
  const got = parzenLogLikelihood(points, centre, 0.7);
  [[0, 0, 0], [1, -2, 0.5], [3, 1, -1]].forEach((x, i) => assert.ok(Math.abs(got[i]! - logNormal(x, [1, -2, 0.5], 0.49)) < 1e-5, `${got[i]}`));
});

test('Parzen: centres drawn from N(0, s²I) give ≈ the closed-form N(x; 0, (s² + σ²)I) (a Gaussian convolved with the kernel)', () => {
  // The expected kernel density under centres μ ~ N(0, s²I) is ∫N(x; μ, σ²I)N(μ; 0, s²I)dμ = N(x; 0, (s² + σ²)I).
  const gen = new Generator(7);
  const m = 40000;
  const s = 1;
  const centres = new Tensor(Float32Array.from({ length: m * 2 }, () => s * gen.nextNormal()), [m, 2]);
  const xs = [[0, 0], [1, -0.5], [2, 1]];
  const points = new Tensor(Float32Array.from(xs.flat()), [3, 2]);
  const [narrow, wide] = parzenLogLikelihoods(points, centres, [0.5, 1.5]);
  xs.forEach((x, i) => {
    assert.ok(Math.abs(narrow![i]! - logNormal(x, [0, 0], s * s + 0.25)) < 0.03, `σ 0.5, point ${i}: ${narrow![i]}`);
    assert.ok(Math.abs(wide![i]! - logNormal(x, [0, 0], s * s + 2.25)) < 0.03, `σ 1.5, point ${i}: ${wide![i]}`);
  });
});

test('Parzen σ search: picks the σ that maximises the validation likelihood (≈ the data\u2019s own scale for a Gaussian blob)', () => {
  const gen = new Generator(9);
  const draw = (n: number) => new Tensor(Float32Array.from({ length: n * 2 }, () => 0.3 * gen.nextNormal()), [n, 2]);
  const centres = draw(3000);
  const validation = draw(500);
  const { sigma, grid } = chooseParzenSigma(validation, centres, { lo: 0.01, hi: 3, steps: 12 });
  const best = Math.max(...grid.map((g) => g.validation));
  assert.equal(grid.find((g) => g.sigma === sigma)!.validation, best);
  assert.ok(sigma > 0.03 && sigma < 0.3, `σ = ${sigma}`);
  const test = parzenScore(draw(500), centres, sigma);
  assert.ok(test.standardError > 0 && Number.isFinite(test.mean));
  assert.throws(() => parzenLogLikelihood(validation, centres, 0), /positive/);
});
