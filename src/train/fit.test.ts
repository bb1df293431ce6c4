import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Generator } from '../tensor/random.js';
import { blobs, parameterBytes, tempDir } from '../testing/training.js';
import { DEFAULT_TRAIN_OPTIONS, fit } from './fit.js';

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
  await assert.rejects(fit(vae(), train, { ...settings, lr: 1e-2, checkpointDir: dir }), /cannot resume with different settings: lr/);
});
