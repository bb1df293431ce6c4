import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../tensor/random.js';
import { buildFor, fixtureBatch, lossValues, modelSuite } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import { DenoisingAE } from './dae.model.js';

modelSuite({ name: 'dae', inputShape: [20], latentDim: 3, overrides: { hidden: [16] } });
modelSuite({ name: 'dae', inputShape: [1, 8, 8], latentDim: 3, overrides: { arch: 'conv', hidden: [], convChannels: [4], corruption: 'salt-and-pepper', corruptionAmount: 0.2 } });
modelSuite({ name: 'dae', inputShape: [12], latentDim: 2, overrides: { hidden: [8], corruption: 'gaussian', corruptionAmount: 0.3 } });

for (const corruption of ['masking', 'gaussian', 'salt-and-pepper']) {
  test(`dae: ${corruption} corruption comes from the step generator (same seed, same x̃) and leaves x untouched`, () => {
    const model = buildFor({ name: 'dae', inputShape: [30], latentDim: 2, overrides: { hidden: [4], corruption, corruptionAmount: 0.4 } }) as DenoisingAE;
    const { x } = fixtureBatch([30], 4);
    const before = Array.from(x.data);
    const a = model.corrupt(x, new Generator(1));
    const b = model.corrupt(x, new Generator(1));
    const c = model.corrupt(x, new Generator(2));
    assert.deepEqual(Array.from(a.data), Array.from(b.data));
    assert.notDeepEqual(Array.from(a.data), Array.from(c.data));
    assert.notDeepEqual(Array.from(a.data), before);
    assert.deepEqual(Array.from(x.data), before);
    assert.deepEqual(a.shape, x.shape);
  });
}

test('dae: masking zeroes about `amount` of the values; the loss scores the clean input', () => {
  const model = buildFor({ name: 'dae', inputShape: [400], latentDim: 2, overrides: { hidden: [4], corruptionAmount: 0.25 } }) as DenoisingAE;
  const { x } = fixtureBatch([400], 5);
  const noisy = model.corrupt(x, new Generator(3));
  let zeroed = 0;
  for (let i = 0; i < x.size; i++) if (noisy.data[i] === 0 && x.data[i] !== 0) zeroed++;
  assert.ok(Math.abs(zeroed / x.size - 0.25) < 0.03, `${zeroed / x.size}`);
  // Amount 0: the DAE's loss is the AE's.
  const clean = buildFor({ name: 'dae', inputShape: [10], latentDim: 2, overrides: { hidden: [4], corruptionAmount: 0 } }) as DenoisingAE;
  const b = fixtureBatch([10], 3);
  const direct = noGrad(() => clean.likelihood.nll(clean.decodeRaw(clean.encode(b.x)), b.x).item());
  assert.equal(lossValues(clean, b)['reconstruction'], direct);
});

test('dae: a masking probability above 1 is rejected, naming the option', () => {
  assert.throws(() => defaultConfig('dae', { inputShape: [4], overrides: { corruptionAmount: 1.5 } }), /corruptionAmount/);
  assert.doesNotThrow(() => defaultConfig('dae', { inputShape: [4], overrides: { corruption: 'gaussian', corruptionAmount: 1.5 } }));
});
