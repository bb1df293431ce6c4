import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradients } from '../../autograd/backward.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { tensor } from '../../ops/creation.js';
import { Generator } from '../../tensor/random.js';
import { buildFor, fixtureBatch, lossValues, modelSuite } from '../../testing/model-suite.js';
import { VAE } from './vae.model.js';

const beta = (c: Readonly<Record<string, unknown>>) => ({ kl: c['beta'] as number });

modelSuite({ name: 'vae', inputShape: [20], latentDim: 3, overrides: { hidden: [16] }, generative: true, partWeights: beta });
modelSuite({ name: 'vae', inputShape: [1, 8, 8], latentDim: 2, overrides: { arch: 'conv', hidden: [8], convChannels: [4, 8] }, generative: true, partWeights: beta });
modelSuite({ name: 'vae', inputShape: [10], latentDim: 2, overrides: { hidden: [8], decoder: 'gaussian', decoderSigma: 0.3 }, generative: true, partWeights: beta });

test('vae: the KL part is ½Σ(μ² + σ² − log σ² − 1) averaged over the batch, computed by hand', () => {
  const model = buildFor({ name: 'vae', inputShape: [6], latentDim: 3, overrides: { hidden: [5] } }) as VAE;
  const b = fixtureBatch([6], 4);
  const { mu, logVar } = noGrad(() => model.posterior(b.x));
  let kl = 0;
  for (let i = 0; i < mu.size; i++) {
    const m = mu.data[i]!;
    const lv = logVar.data[i]!;
    kl += 0.5 * (m * m + Math.exp(lv) - lv - 1);
  }
  const got = lossValues(model, b)['kl']!;
  assert.ok(Math.abs(got - kl / 4) < 1e-5, `${got} vs ${kl / 4}`);
});

test('vae: the reparameterised sample comes from the step generator (same seed, same loss; another seed, another)', () => {
  const model = buildFor({ name: 'vae', inputShape: [6], latentDim: 3, overrides: { hidden: [5] } });
  const b = fixtureBatch([6], 4);
  assert.deepEqual(lossValues(model, b, 1), lossValues(model, b, 1));
  assert.notEqual(lossValues(model, b, 1)['reconstruction'], lossValues(model, b, 2)['reconstruction']);
  // The KL is analytic: no sampling noise.
  assert.equal(lossValues(model, b, 1)['kl'], lossValues(model, b, 2)['kl']);
});

test('vae: encode returns the posterior mean and the loss trains the encoder through z = μ + σε', () => {
  const model = buildFor({ name: 'vae', inputShape: [6], latentDim: 2, overrides: { hidden: [5] } }) as VAE;
  const b = fixtureBatch([6], 4);
  assert.deepEqual(Array.from(noGrad(() => model.encode(b.x)).data), Array.from(noGrad(() => model.posterior(b.x).mu).data));
  const total = model.loss(b, new Generator(3)).total;
  const [g] = gradients(total, [model.encoder.dense.at(0).parameters()[0]!]);
  assert.ok(g!.data.some((v) => v !== 0));
});

test('vae: priorLogProb is log N(z; 0, I) summed over the code, by hand', () => {
  const model = buildFor({ name: 'vae', inputShape: [6], latentDim: 3, overrides: { hidden: [5] } }) as VAE;
  const z = [[0, 1, -2], [0.5, 0, 3]];
  const got = Array.from(noGrad(() => model.priorLogProb(tensor(z))).data);
  z.forEach((row, i) => {
    const want = row.reduce((s, v) => s - 0.5 * v * v - 0.5 * Math.log(2 * Math.PI), 0);
    assert.ok(Math.abs(got[i]! - want) < 1e-5, `${got[i]} vs ${want}`);
  });
});
