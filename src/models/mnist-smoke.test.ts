import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { loadMnist } from '../data/mnist.js';
import { Adam } from '../optim/adam.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { MiniBatches, takeRows } from '../train/mini-batches.js';
import { buildModel, defaultConfig } from './registry.js';

test('smoke: a VAE on 512 MNIST images lowers the per-sample −ELBO within one epoch', () => {
  const ds = loadMnist({ split: 'train', limit: 512 });
  const x = new Tensor(ds.images, [ds.count, 784]);
  const model = buildModel(defaultConfig('vae', { inputShape: [784], latentDim: 8, overrides: { hidden: [256] } }), new Generator(0));
  const negElbo = () => noGrad(() => model.loss({ x, labels: null }, new Generator(1)).total.item());
  const before = negElbo();
  // Before training the decoder outputs p ≈ ½ everywhere: about 784·log 2 ≈ 543 nats.
  assert.ok(before > 400 && before < 700, `initial −ELBO ${before}`);
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  const gen = new Generator(2);
  for (const rows of new MiniBatches(ds.count, 32, { gen })) {
    opt.zeroGrad();
    backward(model.loss({ x: takeRows(x, rows), labels: null }, gen).total);
    opt.step();
  }
  const after = negElbo();
  assert.ok(after < before - 100, `−ELBO per image ${before.toFixed(1)} → ${after.toFixed(1)} nats`);
});
