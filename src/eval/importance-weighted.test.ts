import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VariationalAutoencoder } from '../models/autoencoder.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { negativeElbo } from './elbo.js';
import { importanceWeightedNll } from './importance-weighted.js';
import { meanWithStandardError } from './stats.js';

/**
 * Probabilistic PCA as a VAE (Tipping & Bishop 1999): z ~ N(0, I₂), x | z ~ N(W·z + b, σ²I₅) with W's columns
 * orthogonal (norms a₁, a₂ along unit vectors u₁, u₂), so log p(x) = log N(x; b, WWᵀ + σ²I) is closed-form and the
 * exact posterior N(M⁻¹Wᵀ(x − b), σ²M⁻¹), M = WᵀW + σ²I = diag(aᵢ² + σ²), is diagonal: a linear encoder can
 * represent it exactly, or be given a wrong one on purpose.
 */
const D = 5;
const L = 2;
const SIGMA = 0.5;
const A = [2, 1];
const U = [[0.6, 0.8, 0, 0, 0], [0, 0, 0.6, 0, 0.8]];
const B = [0.1, -0.2, 0.3, 0, 0.5];

function ppca(posterior: 'exact' | 'wrong'): VariationalAutoencoder {
  const config = defaultConfig('vae', { inputShape: [D], latentDim: L, overrides: { hidden: [], decoder: 'gaussian', decoderSigma: SIGMA } });
  const model = buildModel(config, new Generator(0)) as VariationalAutoencoder;
  const p = new Map(model.namedParameters());
  const set = (name: string, values: number[]) => p.get(name)!.data.set(values);
  // Decoder: W[j][i] = aᵢ·uᵢ[j], bias b.
  set('decoder.dense.0.weight', Array.from({ length: D * L }, (_, k) => A[k % L]! * U[k % L]![Math.floor(k / L)]!));
  set('decoder.dense.0.bias', B);
  // Encoder rows 0..L−1: μ = M⁻¹Wᵀ(x − b); rows L..2L−1: constant log-variance log(σ²/(aᵢ² + σ²)).
  const shift = posterior === 'exact' ? 0 : 0.4;
  const logVarShift = posterior === 'exact' ? 0 : 0.7;
  const w = new Array<number>(2 * L * D).fill(0);
  const bias = new Array<number>(2 * L).fill(0);
  for (let i = 0; i < L; i++) {
    const m = A[i]! * A[i]! + SIGMA * SIGMA;
    for (let j = 0; j < D; j++) w[i * D + j] = (A[i]! * U[i]![j]!) / m;
    bias[i] = -U[i]!.reduce((s, u, j) => s + (A[i]! * u * B[j]!) / m, 0) + shift;
    bias[L + i] = Math.log((SIGMA * SIGMA) / m) + logVarShift;
  }
  set('encoder.dense.0.weight', w);
  set('encoder.dense.0.bias', bias);
  return model;
}

/** The closed-form −log p(x) of each row. */
function exactNll(x: Tensor): number[] {
  const n = x.shape[0]!;
  return Array.from({ length: n }, (_, r) => {
    const dx = Array.from({ length: D }, (_, j) => x.data[r * D + j]! - B[j]!);
    let quad = dx.reduce((s, v) => s + v * v, 0) / (SIGMA * SIGMA);
    let logDet = D * Math.log(SIGMA * SIGMA);
    for (let i = 0; i < L; i++) {
      const proj = U[i]!.reduce((s, u, j) => s + u * dx[j]!, 0);
      const c = A[i]! * A[i]! + SIGMA * SIGMA;
      quad += proj * proj / c - proj * proj / (SIGMA * SIGMA);
      logDet += Math.log(c) - Math.log(SIGMA * SIGMA);
    }
    return 0.5 * (D * Math.log(2 * Math.PI) + logDet + quad);
  });
}

function samples(n: number): Tensor {
  const gen = new Generator(42);
  const out = new Float32Array(n * D);
  for (let r = 0; r < n; r++) {
    const z = [gen.nextNormal(), gen.nextNormal()];
    for (let j = 0; j < D; j++) out[r * D + j] = B[j]! + A[0]! * U[0]![j]! * z[0]! + A[1]! * U[1]![j]! * z[1]! + SIGMA * gen.nextNormal();
  }
  return new Tensor(out, [n, D]);
}

const mean = (v: ArrayLike<number>) => meanWithStandardError(v).mean;

test('IW NLL: with the exact posterior every weight equals p(x), so K = 1 and K = 50 both give the closed-form −log p(x); −ELBO does on average', () => {
  const x = samples(20);
  const truth = exactNll(x);
  const model = ppca('exact');
  for (const K of [1, 50]) {
    const iw = importanceWeightedNll(model, x, null, { samples: K, seed: 1 });
    iw.forEach((v, i) => assert.ok(Math.abs(v - truth[i]!) < 2e-3, `K = ${K}, input ${i}: ${v} vs ${truth[i]}`));
  }
  // −ELBO's reconstruction term is a Monte Carlo average (the analytic KL is not), so it matches only on average.
  const elbo = mean(negativeElbo(model, x, null, { samples: 2000, seed: 1 }).negativeElbo);
  assert.ok(Math.abs(elbo - mean(truth)) < 0.03, `−ELBO ${elbo} vs ${mean(truth)}`);
});

test('IW NLL: with a wrong posterior the estimate approaches −log p(x) from above as K grows, and −ELBO lies above it', () => {
  const x = samples(40);
  const truth = mean(exactNll(x));
  const model = ppca('wrong');
  const gap = (K: number) => mean(importanceWeightedNll(model, x, null, { samples: K, seed: 3 })) - truth;
  const gaps = [1, 10, 100, 2000].map(gap);
  const elboGap = mean(negativeElbo(model, x, null, { samples: 200, seed: 3 }).negativeElbo) - truth;
  assert.ok(elboGap > 0.3, `−ELBO is above −log p(x) by the KL to the true posterior (${elboGap})`);
  assert.ok(gaps[0]! > 0.3 && Math.abs(gaps[0]! - elboGap) < 0.2, `K = 1 is a one-sample −ELBO (${gaps[0]} vs ${elboGap})`);
  for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i]! < gaps[i - 1]!, `gaps fall with K: ${gaps}`);
  assert.ok(gaps[3]! > -0.01 && gaps[3]! < 0.03, `K = 2000 is within 0.03 nats of the truth (${gaps[3]})`);
});

test('IW NLL: chunked (7 decoder rows a pass) equals unchunked, and an input’s estimate does not depend on its batch', () => {
  const x = samples(9);
  const model = ppca('wrong');
  const whole = importanceWeightedNll(model, x, null, { samples: 30, seed: 5, chunkRows: 1 << 20 });
  const chunked = importanceWeightedNll(model, x, null, { samples: 30, seed: 5, chunkRows: 7 });
  whole.forEach((v, i) => assert.ok(Math.abs(v - chunked[i]!) < 1e-5 * Math.abs(v), `input ${i}: ${v} vs ${chunked[i]}`));
  const tail = importanceWeightedNll(model, new Tensor(x.data.slice(4 * D), [5, D]), null, { samples: 30, seed: 5, firstIndex: 4 });
  tail.forEach((v, i) => assert.ok(Math.abs(v - whole[i + 4]!) < 1e-5 * Math.abs(v)));
});

test('IW NLL: rejects a bad K, a bad chunk size and data of the wrong shape', () => {
  const model = ppca('exact');
  const x = samples(2);
  assert.throws(() => importanceWeightedNll(model, x, null, { samples: 0 }), /positive integer/);
  assert.throws(() => importanceWeightedNll(model, x, null, { samples: 2, chunkRows: 0 }), /chunkRows/);
  assert.throws(() => importanceWeightedNll(model, new Tensor(new Float32Array(8), [2, 4]), null, { samples: 2 }), /not a batch of \[5\]/);
});
