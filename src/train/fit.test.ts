import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { blobs, parameterBytes, tempDir } from '../testing/training.js';
import { DEFAULT_TRAIN_OPTIONS, fit, patienceRanOut } from './fit.js';

const train = blobs(96, 6, 1);
const testSet = blobs(48, 6, 2);
const vae = () => buildModel(defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [12], decoder: 'gaussian' } }), new Generator(3));

test('fit trains with defaults, and a second call on the same checkpoint folder continues exactly', async () => {
  const settings = { epochs: 3, batchSize: 16, lr: 3e-3, seed: 5 };
  const straight = vae();
  const all = await fit(straight, train, { ...settings, test: testSet });
  assert.equal(all.history.length, 3);
  assert.equal(all.state.options.lrSchedule, DEFAULT_TRAIN_OPTIONS.lrSchedule);
  assert.ok(all.history[2]!.test!['total']! < all.history[0]!.test!['total']!);

  const dir = tempDir('aekit-fit-');
  await fit(vae(), train, { ...settings, epochs: 2, test: testSet, checkpointDir: dir });
  const continued = vae(); // a fresh process would build from another init; the checkpoint replaces it
  const rest = await fit(continued, train, { ...settings, test: testSet, checkpointDir: dir });
  assert.equal(rest.history.length, 3);
  assert.ok(parameterBytes(continued).equals(parameterBytes(straight)), 'bit-identical to the uninterrupted run');
  await assert.rejects(fit(vae(), train, { ...settings, lr: 1e-2, checkpointDir: dir }), /cannot resume: lr is 0\.003 in the checkpoint, 0\.01 here/);
});

test('patienceRanOut: epochs since the best total, improvements smaller than minDelta not counting', () => {
  const h = (totals: number[]) => totals.map((total, i) => ({ epoch: i + 1, step: i, seconds: 0, train: { total: 99 }, test: { total } }));
  assert.equal(patienceRanOut(h([5, 4, 4.5, 4.6]), 2), true);
  assert.equal(patienceRanOut(h([5, 4, 4.5, 3.9]), 2), false);
  assert.equal(patienceRanOut(h([5, 4.99, 4.98]), 2, 0.1), true);
  assert.equal(patienceRanOut(h([5]), 1), false);
  assert.throws(() => patienceRanOut(h([5]), 0), /patience must be a positive integer/);
});

test('fit with earlyStopping stops when patience runs out, and a second call on its folder stays stopped', async () => {
  const dir = tempDir('aekit-fit-stop-');
  // No improvement can beat a minDelta this large, so the best stays epoch 1 and patience 2 ends epoch 3.
  // Under a cosine schedule, whose rates depend on `epochs`, so the second call must not change it to stay stopped.
  const settings = {
    epochs: 10, batchSize: 32, seed: 1, lrSchedule: 'cosine' as const, test: testSet, checkpointDir: dir, earlyStopping: { patience: 2, minDelta: 1e9 },
  };
  const model = vae();
  const first = await fit(model, train, settings);
  assert.equal(first.history.length, 3);
  const again = vae();
  const second = await fit(again, train, settings);
  assert.equal(second.history.length, 3);
  assert.ok(parameterBytes(again).equals(parameterBytes(model)), 'no further epoch was trained');
});
