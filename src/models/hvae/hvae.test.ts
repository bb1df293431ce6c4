import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../../autograd/backward.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { loadMnist } from '../../data/mnist.js';
import { anomalyScoresOfBatch } from '../../eval/anomaly-score.js';
import { negativeElbo } from '../../eval/elbo.js';
import { importanceWeightedNll } from '../../eval/importance-weighted.js';
import { meanWithStandardError } from '../../eval/stats.js';
import { ExportError } from '../../export/layer-spec.js';
import { exportOnnx } from '../../export/onnx-export.js';
import { exportTorch } from '../../export/torch-export.js';
import { Module } from '../../nn/module.js';
import { assertModuleGradients } from '../../nn/module-gradcheck.js';
import { Adam } from '../../optim/adam.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { buildFor, fixtureBatch, lossValues, modelSuite } from '../../testing/model-suite.js';
import { MiniBatches, takeRows } from '../../train/mini-batches.js';
import { ModelConfigError } from '../blocks/config-fields.js';
import { buildModel, defaultConfig } from '../registry.js';
import type { HierarchicalVAE } from './hvae.model.js';

const small = { lowerLatentDim: 4, hidden: [16], upperHidden: [8] };
modelSuite({ name: 'hvae', inputShape: [20], latentDim: 3, overrides: small, generative: true });
modelSuite({ name: 'hvae', inputShape: [10], latentDim: 2, overrides: { ...small, samples: 3, decoder: 'gaussian', decoderSigma: 0.3 }, generative: true });

const hvae = (overrides: Record<string, unknown>, inputShape = [20], latentDim = 3, seed = 1) =>
  buildFor({ name: 'hvae', inputShape, latentDim, overrides: { ...small, ...overrides } }, seed) as HierarchicalVAE;

/** The log-weights for fixed inputs as a function of the noise, for the module gradient check. */
class LogWeightsOf extends Module<[Tensor], Tensor> {
  constructor(readonly model: HierarchicalVAE, readonly x: Tensor) {
    super();
    this.registerModule('model', model);
  }
  forward(eps: Tensor): Tensor {
    return this.model.importanceSampler(this.x).weights(eps).logWeights;
  }
}

test('hvae: the log-weights’ gradients w.r.t. the noise and every parameter of the four networks match finite differences', () => {
  for (const decoder of [{ decoder: 'bernoulli' }, { decoder: 'gaussian', decoderVariance: 'learned' }]) {
    const model = hvae({ ...decoder, lowerLatentDim: 3, hidden: [4], upperHidden: [3] }, [5], 2);
    const x = fixtureBatch([5], 2).x;
    const eps = new Tensor(new Generator(3).fillNormal(new Float32Array(2 * 3 * 5)), [2, 3, 5]);
    assertModuleGradients(new LogWeightsOf(model, x), eps);
  }
});

test('hvae: the noise of a draw is z1’s values then z2’s, and a wrong size is a one-line shape error', () => {
  const model = hvae({});
  const sampler = noGrad(() => model.importanceSampler(fixtureBatch([20], 2).x));
  assert.equal(sampler.noiseSize, 4 + 3);
  assert.throws(() => sampler.weights(new Tensor(new Float32Array(2 * 5 * 3), [2, 5, 3])), /hvae: ε of shape \[2, 5, 3\] should be 2 × K × 7/);
});

test('hvae: K = 1 trains on −ELBO = −log w, K > 1 on the tighter IWAE bound (the gap grows with K)', () => {
  const b = fixtureBatch([20], 16);
  const one = lossValues(hvae({ samples: 1 }), b);
  assert.deepEqual(Object.keys(one).sort(), ['kl', 'reconstruction', 'total']);
  const gap = (samples: number) => {
    const model = hvae({ samples });
    let total = 0;
    for (let s = 0; s < 10; s++) total += lossValues(model, b, 100 + s)['tightening']!;
    return total / 10;
  };
  const [g5, g50] = [gap(5), gap(50)];
  assert.ok(g5 < -0.1 && g50 < g5, `gaps ${g5}, ${g50} should fall with K`);
});

/**
 * A linear-Gaussian two-layer model with a closed-form marginal: z2 ~ N(0, 1), z1 | z2 ~ N(a·z2 + c, diag s),
 * x | z1 ~ N(W z1 + b, σ²I), so x ~ N(W c + b, W (a aᵀ + diag s) Wᵀ + σ²I). q(z2 | z1) is set to the exact
 * posterior (linear in z1), q(z1 | x) to the exact posterior's mean, shifted, with a diagonal, tripled variance:
 * a fair but inexact proposal, so the IW estimate must approach the true −log p(x) as K grows and −ELBO lie above it.
 */
const A = [1.2, -0.6];
const C = [0.3, -0.2];
const S = [0.4, 0.7];
const W = [[1, 0.5], [-0.4, 0.8], [0.2, -1.1]];
const B = [0.1, 0, -0.3];
const SIGMA = 0.5;

function linearGaussian(): HierarchicalVAE {
  const model = buildModel(defaultConfig('hvae', { inputShape: [3], latentDim: 1, overrides: { lowerLatentDim: 2, hidden: [], upperHidden: [], decoder: 'gaussian', decoderSigma: SIGMA } }), new Generator(4));
  const p = new Map(model.namedParameters());
  const set = (name: string, values: number[]) => p.get(name)!.data.set(values);
  // p(z1 | z2): rows 0–1 the mean a·z2 + c, rows 2–3 a constant log-variance log s.
  set('upperDecoder.0.weight', [...A, 0, 0]);
  set('upperDecoder.0.bias', [...C, ...S.map(Math.log)]);
  set('decoder.dense.0.weight', W.flat());
  set('decoder.dense.0.bias', B);
  // q(z2 | z1) = p(z2 | z1): precision 1 + Σ aᵢ²/sᵢ, mean Σ aᵢ(z1ᵢ − cᵢ)/sᵢ / precision.
  const prec2 = 1 + A.reduce((t, a, i) => t + (a * a) / S[i]!, 0);
  set('upperEncoder.0.weight', [A[0]! / S[0]! / prec2, A[1]! / S[1]! / prec2, 0, 0]);
  set('upperEncoder.0.bias', [-A.reduce((t, a, i) => t + (a * C[i]!) / S[i]!, 0) / prec2, -Math.log(prec2)]);
  // p(z1 | x): precision Λ = P⁻¹ + WᵀW/σ² with P = a aᵀ + diag s, mean Λ⁻¹(P⁻¹c + Wᵀ(x − b)/σ²).
  const inv2 = (m: number[][]) => {
    const det = m[0]![0]! * m[1]![1]! - m[0]![1]! * m[1]![0]!;
    return [[m[1]![1]! / det, -m[0]![1]! / det], [-m[1]![0]! / det, m[0]![0]! / det]];
  };
  const pInv = inv2([[A[0]! * A[0]! + S[0]!, A[0]! * A[1]!], [A[0]! * A[1]!, A[1]! * A[1]! + S[1]!]]);
  const wtw = [0, 1].map((i) => [0, 1].map((j) => W.reduce((t, row) => t + row[i]! * row[j]!, 0) / (SIGMA * SIGMA)));
  const cov = inv2(pInv.map((row, i) => row.map((v, j) => v + wtw[i]![j]!)));
  const gain = [0, 1].map((i) => W.map((_, d) => [0, 1].reduce((t, k) => t + cov[i]![k]! * W[d]![k]!, 0) / (SIGMA * SIGMA)));
  const priorPull = [0, 1].map((k) => [0, 1].reduce((t, l) => t + pInv[k]![l]! * C[l]!, 0));
  const offset = [0, 1].map((i) => [0, 1].reduce((t, k) => t + cov[i]![k]! * priorPull[k]!, 0) - gain[i]!.reduce((t, g, d) => t + g * B[d]!, 0));
  set('encoder.dense.0.weight', [...gain[0]!, ...gain[1]!, 0, 0, 0, 0, 0, 0]);
  set('encoder.dense.0.bias', [offset[0]! + 0.4, offset[1]! - 0.3, Math.log(3 * cov[0]![0]!), Math.log(3 * cov[1]![1]!)]);
  return model;
}

/** −log N(x; m, Σ) of each row, by a 3×3 Cholesky factorisation. */
function exactNll(x: Tensor): number[] {
  const cov1 = [[A[0]! * A[0]! + S[0]!, A[0]! * A[1]!], [A[0]! * A[1]!, A[1]! * A[1]! + S[1]!]];
  const m = W.map((row, i) => row[0]! * C[0]! + row[1]! * C[1]! + B[i]!);
  const cov = W.map((ri, i) => W.map((rj, j) => ri.reduce((s, wi, k) => s + wi * rj.reduce((t, wj, l) => t + cov1[k]![l]! * wj, 0), 0) + (i === j ? SIGMA * SIGMA : 0)));
  const L = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let v = cov[i]![j]!;
      for (let k = 0; k < j; k++) v -= L[i]![k]! * L[j]![k]!;
      L[i]![j] = i === j ? Math.sqrt(v) : v / L[j]![j]!;
    }
  }
  return Array.from({ length: x.shape[0]! }, (_, r) => {
    const y: number[] = [];
    for (let i = 0; i < 3; i++) {
      let v = x.data[r * 3 + i]! - m[i]!;
      for (let k = 0; k < i; k++) v -= L[i]![k]! * y[k]!;
      y.push(v / L[i]![i]!);
    }
    const logDet = 2 * L.reduce((s, row, i) => s + Math.log(row[i]!), 0);
    return 0.5 * (3 * Math.log(2 * Math.PI) + logDet + y.reduce((s, v) => s + v * v, 0));
  });
}

const mean = (v: ArrayLike<number>) => meanWithStandardError(v).mean;

test('hvae: on a linear-Gaussian two-layer model the IW estimate approaches the closed-form −log p(x) as K grows; −ELBO ≥ it, input by input', () => {
  const model = linearGaussian();
  const x = noGrad(() => model.sample(12, new Generator(8)));
  // sample() returns the decoder mean; add the decoder's own noise so x comes from p(x).
  const noise = new Generator(9).fillNormal(new Float32Array(x.size));
  x.data.forEach((v, i) => { x.data[i] = v + SIGMA * noise[i]!; });
  const truth = mean(exactNll(x));
  const iw = (K: number) => importanceWeightedNll(model, x, null, { samples: K, seed: 2 });
  const errors = [1, 10, 100, 3000].map((K) => mean(iw(K)) - truth);
  const elbo = negativeElbo(model, x, null, { samples: 10, seed: 2 }).negativeElbo;
  const iw10 = iw(10);
  // With the same draws, −(1/S) Σ log wₛ ≥ −log (1/S) Σ wₛ exactly (Jensen), for every input.
  elbo.forEach((v, i) => assert.ok(v >= iw10[i]! - 1e-9, `input ${i}: −ELBO ${v} < IW ${iw10[i]}`));
  assert.ok(mean(elbo) - truth > 1, `−ELBO ${mean(elbo)} should lie clearly above −log p(x) ${truth}`);
  assert.ok(errors[0]! > errors[1]! && errors[1]! > errors[2]! && errors[2]! > errors[3]!, `errors fall with K: ${errors.join(', ')}`);
  assert.ok(Math.abs(errors[3]!) < 0.03, `K = 3000: ${errors[3]} nats from the closed form`);
});

test('hvae: the chunked IW estimate equals the unchunked one, and K = 1 equals the one-draw −ELBO', () => {
  const model = hvae({});
  const x = fixtureBatch([20], 9).x;
  const whole = importanceWeightedNll(model, x, null, { samples: 30, seed: 5, chunkRows: 1 << 20 });
  const chunked = importanceWeightedNll(model, x, null, { samples: 30, seed: 5, chunkRows: 7 });
  whole.forEach((v, i) => assert.ok(Math.abs(v - chunked[i]!) < 1e-5 * Math.abs(v), `input ${i}: ${v} vs ${chunked[i]}`));
  const one = importanceWeightedNll(model, x, null, { samples: 1, seed: 5 });
  const elbo = negativeElbo(model, x, null, { samples: 1, seed: 5 });
  one.forEach((v, i) => assert.ok(Math.abs(v - elbo.negativeElbo[i]!) < 1e-4, `input ${i}: ${v} vs ${elbo.negativeElbo[i]}`));
  elbo.kl.forEach((kl, i) => assert.ok(Math.abs(kl + elbo.reconstruction[i]! - elbo.negativeElbo[i]!) < 1e-9, `input ${i}: parts add up`));
});

test('hvae: the code is z2 along the mean path; posteriorMeans gives z1 and z2; sample decodes ancestrally through z1', () => {
  const model = hvae({});
  const x = fixtureBatch([20], 4).x;
  noGrad(() => {
    const [z1, z2] = model.posteriorMeans(x);
    assert.deepEqual([z1!.name, z2!.name], ['z1', 'z2']);
    assert.deepEqual(z1!.mean.shape, [4, 4]);
    assert.deepEqual(Array.from(z2!.mean.data), Array.from(model.encode(x).data));
    assert.deepEqual(Array.from(model.encode(x).data), Array.from(model.upperPosterior(model.lowerPosterior(x).mu).mu.data));
    // decode(z2) uses z1 = E[z1 | z2]; sample draws z1 ~ p(z1 | z2), so it differs from decoding the same z2.
    const z = model.samplePrior(5, new Generator(6));
    const drawn = model.sample(5, new Generator(6));
    const viaMean = model.decode(z);
    assert.notDeepEqual(Array.from(drawn.data), Array.from(viaMean.data));
  });
});

test('hvae: bad sizes are one-line config errors', () => {
  const bad = (overrides: Record<string, unknown>, pattern: RegExp) => assert.throws(() => defaultConfig('hvae', { inputShape: [20], overrides }),
    (e: Error) => e instanceof ModelConfigError && pattern.test(e.message) && !e.message.includes('\n'));
  bad({ lowerLatentDim: 0 }, /hvae: option 'lowerLatentDim' must be an integer ≥ 1 ≤ 65536, got 0/);
  bad({ upperHidden: [100, -1] }, /hvae: option 'upperHidden' must be a list .* each an integer ≥ 1/);
  bad({ hidden: [2.5] }, /option 'hidden'/);
  bad({ samples: 0 }, /option 'samples' must be an integer ≥ 1/);
  assert.throws(() => defaultConfig('hvae', { inputShape: [20], latentDim: 0 }), /option 'latentDim' must be an integer ≥ 1 /);
});

test('hvae: ONNX and PyTorch exports refuse it with a one-line error rather than write a wrong file', () => {
  const model = hvae({});
  for (const run of [() => exportOnnx(model, { producerVersion: 'x' }), () => exportTorch(model, { producerVersion: 'x' })]) {
    assert.throws(run, (e: Error) => e instanceof ExportError && /'hvae' does not declare its networks/.test(e.message) && !e.message.includes('\n'));
  }
});

test('hvae: a short training on 300 MNIST images lowers the test −ELBO (K = 1) and the IWAE bound (K = 5)', () => {
  const train = loadMnist({ split: 'train', limit: 300 });
  const x = new Tensor(train.images, [train.count, 784]);
  for (const samples of [1, 5]) {
    const model = buildModel(defaultConfig('hvae', { inputShape: [784], latentDim: 10, overrides: { lowerLatentDim: 20, hidden: [64], upperHidden: [32], samples } }), new Generator(0));
    const loss = () => noGrad(() => model.loss({ x, labels: null }, new Generator(1)).total.item());
    const before = loss();
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    const gen = new Generator(2);
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const rows of new MiniBatches(train.count, 30, { gen })) {
        opt.zeroGrad();
        backward(model.loss({ x: takeRows(x, rows), labels: null }, gen).total);
        opt.step();
      }
    }
    const after = loss();
    assert.ok(after < before - 100, `K = ${samples}: loss per image ${before.toFixed(1)} → ${after.toFixed(1)} nats`);
  }
});

test('hvae: the −ELBO anomaly score is the Monte Carlo −ELBO over both layers, ≥ the IW score on the same draws', () => {
  const model = hvae({});
  const x = fixtureBatch([20], 6).x;
  const elbo = anomalyScoresOfBatch(model, x, null, 'negative-elbo', { samples: 8, firstIndex: 3 });
  const iw = anomalyScoresOfBatch(model, x, null, 'iw-nll', { samples: 8, firstIndex: 3 });
  assert.deepEqual(Array.from(elbo), Array.from(negativeElbo(model, x, null, { samples: 8, firstIndex: 3 }).negativeElbo));
  elbo.forEach((v, i) => assert.ok(v >= iw[i]! - 1e-9, `input ${i}: ${v} < ${iw[i]}`));
});
