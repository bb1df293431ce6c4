import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { tensor } from '../../ops/creation.js';
import { mixtureComponentMean } from '../../data/synthetic.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { TrainContext } from '../autoencoder.js';
import { buildFor, fixtureBatch, makeOptimizers, modelSuite } from '../../testing/model-suite.js';
import { MIXTURE_RADIUS } from '../blocks/priors.js';
import { defaultConfig } from '../registry.js';
import type { AdversarialAE } from './aae.model.js';

const weights = (c: Readonly<Record<string, unknown>>) => ({ adversarial: c['adversarialWeight'] as number });
const small = { hidden: [16], discriminatorHidden: [16] };

modelSuite({ name: 'aae', inputShape: [20], latentDim: 3, overrides: small, generative: true, partWeights: weights, improves: 'reconstruction' });
modelSuite({ name: 'aae', inputShape: [20], latentDim: 2, numClasses: 3, overrides: { ...small, prior: 'mixture10', labelConditioned: true },
  generative: true, partWeights: weights, improves: 'reconstruction' });
modelSuite({ name: 'aae', inputShape: [1, 8, 8], latentDim: 2, overrides: { arch: 'conv', convChannels: [4], hidden: [], discriminatorHidden: [8], prior: 'swiss-roll' },
  generative: true, partWeights: weights, improves: 'reconstruction' });

const aae = (overrides: Record<string, unknown>, numClasses?: number) =>
  buildFor({ name: 'aae', inputShape: [12], latentDim: 2, numClasses, overrides: { ...small, ...overrides } }) as AdversarialAE;
const values = (ts: Tensor[]) => ts.map((t) => Array.from(t.data));
const changed = (before: number[][], ts: Tensor[]) => values(ts).some((v, i) => v.some((x, j) => x !== before[i]![j]));

test('aae: each of the three phases changes its own parameters only', () => {
  const model = aae({ prior: 'mixture10', labelConditioned: true }, 3);
  const b = fixtureBatch([12], 6, 3);
  const ctx: TrainContext = { gen: new Generator(2), optimizers: makeOptimizers(model, 1e-2), step: 0, epoch: 0 };
  const parts = { encoder: model.encoder.parameters(), decoder: model.decoder.parameters(), discriminator: model.discriminator.parameters() };
  const phases = [
    ['reconstruction', () => model.reconstructionPhase(b, ctx), ['encoder', 'decoder']],
    ['discriminator', () => model.discriminatorPhase(b, ctx), ['discriminator']],
    ['generator', () => model.generatorPhase(b, ctx), ['encoder']],
  ] as const;
  for (const [phase, run, own] of phases) {
    const before = Object.fromEntries(Object.entries(parts).map(([k, ts]) => [k, values(ts)]));
    const loss = run();
    assert.ok(Number.isFinite(loss), `${phase} loss ${loss}`);
    for (const [k, ts] of Object.entries(parts)) {
      assert.equal(changed(before[k]!, ts), (own as readonly string[]).includes(k), `${phase} phase, ${k}`);
    }
    assert.ok(model.parameters().every((p) => p.grad === null), `${phase} phase leaves no gradients behind`);
  }
  const out = model.trainStep(b, ctx);
  assert.deepEqual(Object.keys(out).sort(), ['discriminator', 'generator', 'reconstruction', 'total']);
  assert.ok(Math.abs(out['total']! - (out['reconstruction']! + out['generator']!)) < 1e-4);
});

test('aae: the optimizer groups are autoencoder, discriminator and generator (= the encoder)', () => {
  const model = aae({});
  const groups = model.optimizerGroups();
  assert.deepEqual([...groups.keys()], ['autoencoder', 'discriminator', 'generator']);
  assert.equal(groups.get('autoencoder')!.length, model.encoder.parameters().length + model.decoder.parameters().length);
  assert.deepEqual(groups.get('generator'), model.encoder.parameters());
  assert.equal(groups.get('discriminator')!.length + groups.get('autoencoder')!.length, model.parameters().length);
});

test('aae: discriminator phases teach D to tell prior samples from codes', () => {
  const model = aae({ prior: 'mixture10' });
  const b = fixtureBatch([12], 32);
  const ctx: TrainContext = { gen: new Generator(4), optimizers: makeOptimizers(model, 1e-2), step: 0, epoch: 0 };
  const loss = () => noGrad(() => model.discriminatorLoss(b, new Generator(8)).item());
  const before = loss();
  for (let i = 0; i < 30; i++) model.discriminatorPhase(b, ctx);
  assert.ok(loss() < before / 2, `${before} → ${loss()}`);
});

test('aae: label-conditioned mixture10 prior samples sit on their class component', () => {
  const model = aae({ prior: 'mixture10', labelConditioned: true }, 10);
  const labels = tensor(Array.from({ length: 200 }, (_, i) => i % 10));
  const z = model.samplePrior(200, new Generator(3), labels);
  for (let i = 0; i < 200; i++) {
    const [mx, my] = mixtureComponentMean(i % 10, 10, MIXTURE_RADIUS);
    assert.ok(Math.hypot(z.data[2 * i]! - mx, z.data[2 * i + 1]! - my) < 2.5, `sample ${i}`);
  }
});

test('aae: swiss-roll prior: class k takes the k-th stretch of the roll', () => {
  const model = aae({ prior: 'swiss-roll', labelConditioned: true }, 4);
  const n = 400;
  const labels = tensor(Array.from({ length: n }, (_, i) => i % 4));
  const z = model.samplePrior(n, new Generator(5), labels);
  // Radius grows along the roll (r = t/3), so class k's radii lie in [t(k/4), t((k+1)/4)] / 3.
  const t = (u: number) => 1.5 * Math.PI * (1 + 2 * u);
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    const r = Math.hypot(z.data[2 * i]!, z.data[2 * i + 1]!);
    assert.ok(r >= t(k / 4) / 3 - 1e-4 && r <= t((k + 1) / 4) / 3 + 1e-4, `sample ${i}: r ${r}, class ${k}`);
  }
});

test('aae: config rules: 2-D priors need latentDim 2; label conditioning needs labels and a per-class prior', () => {
  const cfg = (overrides: Record<string, unknown>, numClasses?: number, latentDim = 2) => () =>
    defaultConfig('aae', { inputShape: [4], latentDim, numClasses, overrides });
  assert.throws(cfg({ prior: 'mixture10' }, undefined, 3), /latentDim/);
  assert.throws(cfg({ prior: 'mixture10', labelConditioned: true }), /numClasses/);
  assert.throws(cfg({ labelConditioned: true }, 10), /mixture10/);
  assert.throws(cfg({ prior: 'mixture10', labelConditioned: true }, 11), /too few/);
  assert.doesNotThrow(cfg({ prior: 'swiss-roll', labelConditioned: true }, 11));
});

test('aae: a label-conditioned AAE needs labels for its adversarial terms', () => {
  const model = aae({ prior: 'mixture10', labelConditioned: true }, 3);
  const b = fixtureBatch([12], 4, 3);
  assert.throws(() => model.loss({ x: b.x, labels: null }, new Generator(0)), /needs labels/);
  // Encoding and decoding need none.
  assert.deepEqual(noGrad(() => model.reconstruct(b.x)).shape, [4, 12]);
});
