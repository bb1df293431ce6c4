import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../tensor/random.js';
import { buildFor, fixtureBatch, modelSuite } from '../../testing/model-suite.js';
import { buildModel, defaultConfig } from '../registry.js';
import type { AE } from './ae.model.js';

modelSuite({ name: 'ae', inputShape: [20], latentDim: 3, overrides: { hidden: [16] } });
modelSuite({ name: 'ae', inputShape: [1, 8, 8], latentDim: 3, overrides: { arch: 'conv', hidden: [], convChannels: [4, 8] } });
modelSuite({ name: 'ae', inputShape: [12], latentDim: 2, overrides: { hidden: [8], decoder: 'gaussian', decoderVariance: 'learned' } });

test('ae: the conv decoder restores odd sizes (7×7 → 3×3 → 7×7)', () => {
  const o = { name: 'ae', inputShape: [2, 7, 7], latentDim: 2, overrides: { arch: 'conv', hidden: [], convChannels: [3] } };
  const model = buildFor(o) as AE;
  const b = fixtureBatch(o.inputShape, 2);
  assert.deepEqual(noGrad(() => model.reconstruct(b.x)).shape, [2, 2, 7, 7]);
  // A Gaussian decoder with learned variance doubles the output channels: means first, log-variances after.
  const learned = buildFor({ ...o, overrides: { ...o.overrides, decoder: 'gaussian', decoderVariance: 'learned' } }) as AE;
  assert.deepEqual(noGrad(() => learned.decoder.forward(learned.encode(b.x))).shape, [2, 2 * 2 * 49]);
  assert.deepEqual(noGrad(() => learned.reconstruct(b.x)).shape, [2, 2, 7, 7]);
  assert.ok(Number.isFinite(noGrad(() => learned.loss(b, new Generator(0)).total.item())));
});

test('ae: the Gaussian fixed-σ reconstruction is ½·SSE/σ² + (D/2)·log 2πσ² per sample', () => {
  const config = defaultConfig('ae', { inputShape: [6], latentDim: 2, overrides: { hidden: [4], decoder: 'gaussian', decoderSigma: 0.5 } });
  const model = buildModel(config, new Generator(2));
  const b = fixtureBatch([6], 3);
  const got = noGrad(() => model.loss(b, new Generator(0)).parts['reconstruction']!.item());
  const y = noGrad(() => model.reconstruct(b.x));
  let sse = 0;
  for (let i = 0; i < y.size; i++) sse += (y.data[i]! - b.x.data[i]!) ** 2;
  const expected = (0.5 * sse) / 0.25 / 3 + 3 * Math.log(2 * Math.PI * 0.25);
  assert.ok(Math.abs(got - expected) < 1e-4 * Math.abs(expected), `${got} vs ${expected}`);
});

test('ae: the Bernoulli reconstruction is BCE summed over values, averaged over the batch', () => {
  const model = buildModel(defaultConfig('ae', { inputShape: [5], latentDim: 2, overrides: { hidden: [4] } }), new Generator(4));
  const b = fixtureBatch([5], 4);
  const got = noGrad(() => model.loss(b, new Generator(0)).total.item());
  const p = noGrad(() => model.reconstruct(b.x));
  let bce = 0;
  for (let i = 0; i < p.size; i++) {
    const x = b.x.data[i]!;
    bce -= x * Math.log(p.data[i]!) + (1 - x) * Math.log(1 - p.data[i]!);
  }
  assert.ok(Math.abs(got - bce / 4) < 1e-4, `${got} vs ${bce / 4}`);
});
