import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFor, fixtureBatch, lossValues, modelSuite } from '../../testing/model-suite.js';
import { VAE } from '../vae/vae.model.js';

modelSuite({ name: 'beta-vae', inputShape: [20], latentDim: 3, overrides: { hidden: [16] }, generative: true,
  partWeights: (c) => ({ kl: c['beta'] as number }) });

test('beta-vae: the VAE class with total = reconstruction + β·kl, β = 4 by default', () => {
  const model = buildFor({ name: 'beta-vae', inputShape: [6], latentDim: 2, overrides: { hidden: [5] } });
  assert.ok(model instanceof VAE);
  assert.equal((model.config as unknown as { beta: number }).beta, 4);
  const v = lossValues(model, fixtureBatch([6], 4));
  assert.ok(Math.abs(v['total']! - (v['reconstruction']! + 4 * v['kl']!)) < 1e-3);
});

test('beta-vae: β = 0 leaves only the reconstruction', () => {
  const model = buildFor({ name: 'beta-vae', inputShape: [6], latentDim: 2, overrides: { hidden: [5], beta: 0 } });
  const v = lossValues(model, fixtureBatch([6], 4));
  assert.equal(v['total'], v['reconstruction']);
});
