import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../../autograd/backward.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { crossEntropy } from '../../distributions/losses.js';
import { tensor } from '../../ops/creation.js';
import { indexSelect, oneHot } from '../../ops/index-ops.js';
import { logSoftmax } from '../../ops/softmax.js';
import { exp } from '../../ops/unary.js';
import { mul } from '../../ops/binary.js';
import { sum } from '../../ops/reduce.js';
import { Adam } from '../../optim/adam.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { assertClose } from '../../testing/tensors.js';
import { UNLABELLED, type Batch } from '../autoencoder.js';
import { buildFor, fixtureBatch, lossValues, modelSuite } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import type { M2 } from './m2.model.js';

const weights = (c: Readonly<Record<string, unknown>>) => ({ kl: c['beta'] as number, classification: c['classificationWeight'] as number });

// The suite's batches are fully labelled: the labelled bound plus β·(−log q(y | x)).
modelSuite({ name: 'm2', inputShape: [20], latentDim: 3, numClasses: 4, overrides: { hidden: [16], classifierHidden: [8] }, generative: true, partWeights: weights });
modelSuite({ name: 'm2', inputShape: [1, 8, 8], latentDim: 2, numClasses: 3, overrides: { arch: 'conv', hidden: [8], classifierHidden: [8], convChannels: [4] }, generative: true, partWeights: weights, steps: 10 });

const small = (overrides: Record<string, unknown> = {}) =>
  buildFor({ name: 'm2', inputShape: [10], latentDim: 2, numClasses: 3, overrides: { hidden: [6], classifierHidden: [5], ...overrides } }) as M2;

/** The batch with the labels of `rows` replaced by UNLABELLED. */
function hideLabels(b: Batch, rows: number[]): Batch {
  const labels = Float32Array.from(b.labels!.data);
  for (const r of rows) labels[r] = UNLABELLED;
  return { x: b.x, labels: new Tensor(labels, [labels.length]) };
}

const rowsOf = (b: Batch, rows: number[]): Batch => ({ x: indexSelect(b.x, rows, 0), labels: b.labels === null ? null : indexSelect(b.labels, rows, 0) });

test('m2: encodeEveryClass equals the encoder on x repeated once per class with one-hot classes, and so do its gradients', () => {
  const cases = [{ inputShape: [10], overrides: {} }, { inputShape: [1, 4, 4], overrides: { arch: 'conv', convChannels: [2] } }];
  for (const { inputShape, overrides } of cases) {
    const model = buildFor({ name: 'm2', inputShape, latentDim: 2, numClasses: 3, overrides: { hidden: [6], classifierHidden: [5], ...overrides } }) as M2;
    const { x } = fixtureBatch(model.config.inputShape, 4, 3);
    const rows = Array.from({ length: 12 }, (_, r) => Math.floor(r / 3));
    const direct = () => model.encoder.forward(indexSelect(x, rows, 0), oneHot(rows.map((_, r) => r % 3), 3));
    noGrad(() => assertClose(model.encodeEveryClass(x), direct(), { rtol: 1e-5, atol: 1e-6 }));
    // The same gradients for every encoder parameter under a loss that weighs each output differently.
    const weightsOf = (out: Tensor) => new Tensor(Float32Array.from({ length: out.size }, (_, i) => Math.sin(i + 1)), [...out.shape]);
    const gradients = (forward: () => Tensor) => {
      for (const p of model.encoder.parameters()) p.grad = null;
      const out = forward();
      backward(sum(mul(out, weightsOf(out))));
      return model.encoder.parameters().map((p) => p.grad!);
    };
    const want = gradients(direct);
    const got = gradients(() => model.encodeEveryClass(x));
    got.forEach((g, i) => assertClose(g, want[i]!, { rtol: 1e-5, atol: 1e-6 }));
  }
});

test('m2: U(x) = Σ_y q(y | x)·L(x, y) − H(q(y | x)), each L(x, y) computed on its own with the same draws of z', () => {
  const model = small();
  const { x } = fixtureBatch([10], 4, 3);
  const K = 3;
  noGrad(() => {
    const u = model.unlabelledTerms(x, new Generator(5));
    // The same rows in the same order (row i·K + k is sample i with class k), scored as labelled samples.
    const rows = Array.from({ length: 4 * K }, (_, r) => Math.floor(r / K));
    const classes = tensor(Array.from({ length: 4 * K }, (_, r) => r % K));
    const each = model.boundTerms(indexSelect(x, rows, 0), classes, new Generator(5));
    const q = exp(logSoftmax(model.classLogits(x), 1)).data;
    for (let i = 0; i < 4; i++) {
      let rec = 0;
      let kl = 0;
      let negH = 0;
      for (let k = 0; k < K; k++) {
        const w = q[i * K + k]!;
        rec += w * each.reconstruction.data[i * K + k]!;
        kl += w * each.kl.data[i * K + k]!;
        negH += w * Math.log(w);
      }
      assertClose([u.reconstruction.data[i]!, u.kl.data[i]!, u.negEntropy.data[i]!], [rec, kl, negH], { rtol: 1e-5, atol: 1e-5 });
    }
    assert.ok(u.negEntropy.data.every((v) => v <= 0 && v >= -Math.log(K) - 1e-6), 'entropy lies in [0, log K]');
  });
});

test('m2: a mixed batch scores the row-weighted mean of its labelled and its unlabelled rows', () => {
  for (const labelledWeight of [1, 0.25]) {
    const model = small({ labelledWeight });
    const full = fixtureBatch([10], 6, 3);
    const [lab, unl] = [[0, 3, 5], [1, 2, 4]];
    const m = lossValues(model, hideLabels(full, unl), 9);
    // loss() draws the labelled rows' z from the first split of its generator, the unlabelled rows' from the second.
    const [labelledGen, unlabelledGen] = new Generator(9).split(2) as [Generator, Generator];
    const sumOf = (t: Tensor) => t.data.reduce((a, v) => a + v, 0);
    const w = labelledWeight;
    noGrad(() => {
      const l = rowsOf(full, lab);
      const terms = model.boundTerms(l.x, l.labels!, labelledGen);
      const ce = sumOf(crossEntropy(model.classLogits(l.x), l.labels!, { reduction: 'none' }));
      const u = model.unlabelledTerms(rowsOf(full, unl).x, unlabelledGen);
      assertClose([m['reconstruction']!, m['kl']!, m['negEntropy']!, m['classification']!, m['labelPrior']!],
        [(w * sumOf(terms.reconstruction) + sumOf(u.reconstruction)) / 6, (w * sumOf(terms.kl) + sumOf(u.kl)) / 6, sumOf(u.negEntropy) / 6, (w * ce) / 6,
          (Math.log(3) * (3 * w + 3)) / 6],
        { rtol: 1e-5, atol: 1e-5 });
    });
  }
});

test('m2: without labels every row is unlabelled (no classification term); labels of −1 never reach a one-hot code', () => {
  const model = small();
  const b = fixtureBatch([10], 5, 3);
  const none = lossValues(model, { x: b.x, labels: null });
  assert.equal(none['classification'], 0);
  assert.ok(none['negEntropy']! < 0);
  const allHidden = lossValues(model, hideLabels(b, [0, 1, 2, 3, 4]));
  assert.deepEqual(allHidden, none);
  // encode / reconstruct fill missing labels with the classifier's guess.
  noGrad(() => {
    const guess = model.completeLabels(b.x, null);
    assert.deepEqual(Array.from(model.encode(b.x).data), Array.from(model.encode(b.x, guess).data));
    const partial = model.completeLabels(b.x, hideLabels(b, [2]).labels);
    assert.equal(partial.data[2], guess.data[2]);
    assert.equal(partial.data[0], b.labels!.data[0]);
  });
  // A conditional model without the semi-supervised capability refuses UNLABELLED with a message that names it.
  const cvae = buildFor({ name: 'cvae', inputShape: [10], latentDim: 2, numClasses: 3, overrides: { hidden: [6] } });
  assert.throws(() => cvae.loss(hideLabels(b, [3]), new Generator(0)), /label -1 of sample 3 .*unlabelled/);
});

test('m2: gradients of the unlabelled bound reach the classifier (it learns from unlabelled data)', () => {
  const model = small();
  const b = fixtureBatch([10], 5, 3);
  model.zeroGrad();
  backward(model.loss({ x: b.x, labels: null }, new Generator(1)).total);
  const g = model.classifier.parameters().map((p) => p.grad);
  assert.ok(g.every((t) => t !== null) && g.some((t) => t!.data.some((v) => v !== 0)));
});

test('m2: two clusters, two labels and 60 unlabelled points: the classifier labels held-out points right', () => {
  // Two Gaussian clusters in 6-D; one labelled point per cluster, the rest unlabelled.
  const gen = new Generator(3);
  const centre = (k: number) => Array.from({ length: 6 }, (_, j) => (k === 0 ? 0.2 : 0.8) + (j % 2 === 0 ? 0.05 : -0.05));
  const draw = (n: number) => {
    const x = new Float32Array(n * 6);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      const c = centre(i % 2);
      for (let j = 0; j < 6; j++) x[i * 6 + j] = Math.min(1, Math.max(0, c[j]! + 0.08 * gen.nextNormal()));
    }
    return { x: new Tensor(x, [n, 6]), y: new Tensor(y, [n]) };
  };
  const trainSet = draw(62);
  const labels = Float32Array.from(trainSet.y.data, (v, i) => (i < 2 ? v : UNLABELLED));
  const batch: Batch = { x: trainSet.x, labels: new Tensor(labels, [62]) };
  const model = buildFor({ name: 'm2', inputShape: [6], latentDim: 2, numClasses: 2, overrides: { hidden: [16], classifierHidden: [16], classificationWeight: 3 } }) as M2;
  const opt = new Adam(model.parameters(), { lr: 1e-2 });
  const stepGen = new Generator(4);
  for (let step = 0; step < 150; step++) {
    opt.zeroGrad();
    backward(model.loss(batch, stepGen).total);
    opt.step();
  }
  const held = draw(40);
  const predicted = noGrad(() => model.completeLabels(held.x, null));
  const correct = predicted.data.filter((v, i) => v === held.y.data[i]).length;
  assert.ok(correct >= 38, `${correct} of 40 held-out points classified right`);
});

test('m2: needs at least two classes', () => {
  assert.throws(() => defaultConfig('m2', { inputShape: [4], numClasses: 0 }), /at least 2 classes/);
});
