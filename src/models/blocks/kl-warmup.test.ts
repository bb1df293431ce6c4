import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { buildFor, fixtureBatch } from '../../testing/model-suite.js';
import { UNLABELLED, type LossContext } from '../autoencoder.js';
import { configOf } from '../model-io.js';
import { defaultConfig, validateModelConfig } from '../registry.js';
import { lossNumbers } from './autoencoder-base.js';
import { KL_WARMUP_KEY, klWeight } from './kl-warmup.js';

test('klWeight: 0 at the start, rising linearly to β at W epochs, β after and without a context or a warm-up', () => {
  assert.equal(klWeight(2, 10, { epoch: 0 }), 0);
  assert.equal(klWeight(2, 10, { epoch: 2.5 }), 0.5);
  assert.equal(klWeight(2, 10, { epoch: 10 }), 2);
  assert.equal(klWeight(2, 10, { epoch: 37 }), 2);
  assert.equal(klWeight(2, 10, undefined), 2, 'evaluation scores the full objective');
  assert.equal(klWeight(2, 0, { epoch: 0 }), 2, 'W = 0: no warm-up');
  assert.equal(klWeight(0.5, 4, { epoch: 1 + 3 / 8 }), 0.5 * (11 / 32), 'a fraction of an epoch counts');
});

// Each model of the VAE family scales only the KL term of its total; the reported kl part stays unweighted.
const FAMILY = [
  { name: 'vae', numClasses: 0 },
  { name: 'beta-vae', numClasses: 0 },
  { name: 'cvae', numClasses: 3 },
  { name: 'm2', numClasses: 3 },
];

test('a KL warm-up scales the KL term of the total by klWeight and leaves every reported part as it is', () => {
  for (const { name, numClasses } of FAMILY) {
    const model = buildFor({ name, inputShape: [10], latentDim: 2, numClasses, overrides: { hidden: [6], [KL_WARMUP_KEY]: 4 } });
    const beta = (model.config as unknown as { beta: number }).beta;
    const b = fixtureBatch([10], 6, numClasses);
    // M2 also on a partly labelled batch (q(y | x)-weighted KL on the unlabelled rows).
    const batch = name === 'm2' ? { x: b.x, labels: new Tensor(b.labels!.data.map((v, i) => (i % 2 === 0 ? UNLABELLED : v)), [6]) } : b;
    const at = (ctx?: LossContext) => noGrad(() => lossNumbers(model.loss(batch, new Generator(3), ctx)));
    const full = at();
    assert.ok(full['kl']! > 0.01, `${name}: the batch has a KL to scale`);
    for (const epoch of [0, 1, 2.5, 4, 9]) {
      const m = at({ epoch });
      assert.deepEqual({ ...m, total: 0 }, { ...full, total: 0 }, `${name} at epoch ${epoch}: the parts are those of the full objective`);
      const expected = full['total']! - (beta - klWeight(beta, 4, { epoch })) * full['kl']!;
      assert.ok(Math.abs(m['total']! - expected) <= 1e-4 * Math.max(1, Math.abs(expected)), `${name} at epoch ${epoch}: total ${m['total']}, expected ${expected}`);
    }
    assert.ok(at({ epoch: 0 })['total']! < full['total']!, `${name}: at the start the KL does not count`);
  }
});

test('klWarmupEpochs: a config or model file written before the field existed reads as 0 (no warm-up); other fields stay required', () => {
  for (const name of ['vae', 'm2']) {
    const stored = configOf(buildFor({ name, inputShape: [10], latentDim: 2, numClasses: 3, overrides: { hidden: [6] } })) as unknown as Record<string, unknown>;
    const { [KL_WARMUP_KEY]: _dropped, ...older } = stored;
    const read = validateModelConfig(older) as unknown as Record<string, unknown>;
    assert.equal(read[KL_WARMUP_KEY], 0);
    assert.deepEqual(read, stored, `${name}: the same config, in the same field order`);
    const { beta: _beta, ...broken } = older;
    assert.throws(() => validateModelConfig(broken), /config is missing 'beta'/);
  }
  assert.throws(() => defaultConfig('vae', { inputShape: [4], overrides: { [KL_WARMUP_KEY]: -1 } }), /klWarmupEpochs' must be a finite number ≥ 0/);
  // The IWAE trains another bound: it has neither β nor a warm-up.
  const iwae = configOf(buildFor({ name: 'iwae', inputShape: [4], latentDim: 2 }));
  assert.throws(() => validateModelConfig({ ...iwae, [KL_WARMUP_KEY]: 2 }), /iwae: unknown option 'klWarmupEpochs'/);
});
