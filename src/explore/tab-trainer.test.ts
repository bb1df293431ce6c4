import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { blobs } from '../testing/training.js';
import { TabTrainer } from './tab-trainer.js';

const options = { epochs: 4, batchSize: 32, lr: 0.01, seed: 5 };

function vaeTrainer(seed = 5) {
  const model = buildModel(defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [16], decoder: 'gaussian' } }), new Generator(1));
  return new TabTrainer(model, blobs(256, 6, 1), blobs(64, 6, 2), { ...options, seed });
}

function runAll(trainer: TabTrainer) {
  const epochs = [];
  let steps = 0;
  while (!trainer.done) {
    const { epoch } = trainer.next();
    steps += 1;
    if (epoch) epochs.push(epoch);
  }
  return { epochs, steps };
}

test('tab trainer: a VAE on blobs lowers its train and test loss over epochs, one record per epoch', () => {
  const trainer = vaeTrainer();
  assert.equal(trainer.stepsPerEpoch, 8);
  const { epochs, steps } = runAll(trainer);
  assert.equal(steps, 32);
  assert.deepEqual(epochs.map((e) => e.epoch), [1, 2, 3, 4]);
  assert.deepEqual(epochs.map((e) => e.steps), [8, 8, 8, 8]);
  assert.ok(epochs[3]!.train['total']! < epochs[0]!.train['total']!, `train ${epochs.map((e) => e.train['total'])}`);
  assert.ok(epochs[3]!.test!['total']! < epochs[0]!.test!['total']!, `test ${epochs.map((e) => e.test!['total'])}`);
  assert.deepEqual(Object.keys(epochs[0]!.train).sort(), ['kl', 'reconstruction', 'total']);
  assert.throws(() => trainer.next(), /training is finished/);
});

test('tab trainer: the same seed gives the same losses; another seed other ones', () => {
  const a = runAll(vaeTrainer(5)).epochs.map((e) => e.train['total']);
  const b = runAll(vaeTrainer(5)).epochs.map((e) => e.train['total']);
  const c = runAll(vaeTrainer(6)).epochs.map((e) => e.train['total']);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("tab trainer: a model's own step (the AAE's phases) is used, and a non-finite loss stops before any update", () => {
  const aae = buildModel(defaultConfig('aae', { inputShape: [6], latentDim: 2, overrides: { hidden: [16], discriminatorHidden: [8], decoder: 'gaussian' } }), new Generator(1));
  const trainer = new TabTrainer(aae, blobs(64, 6, 1), null, { ...options, epochs: 1 });
  assert.ok(trainer.optimizers.size > 1, 'one optimizer per phase');
  const { epochs } = runAll(trainer);
  assert.equal(epochs[0]!.test, null);
  assert.ok(Number.isFinite(epochs[0]!.train['total']!));

  const bad = blobs(64, 6, 1);
  bad.images[3] = NaN;
  const vae = buildModel(defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [16], decoder: 'gaussian' } }), new Generator(1));
  const before = [...vae.stateDict()].map(([, t]) => t.toFloat32Array());
  const t2 = new TabTrainer(vae, bad, null, { ...options, batchSize: 64 });
  assert.throws(() => t2.next(), /is NaN at step 1; stopped before updating/);
  const after = [...vae.stateDict()].map(([, t]) => t.toFloat32Array());
  assert.deepEqual(after, before);
  assert.throws(() => new TabTrainer(vae, bad, null, { ...options, epochs: 0 }), /epochs must be a positive integer/);
});
