import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../tensor/random.js';
import { buildFor, fixtureBatch, lossValues, modelSuite } from '../../testing/model-suite.js';
import type { IWAE } from './iwae.model.js';

// total = reconstruction + kl + tightening by construction; the suite checks it stays so and that training lowers it.
modelSuite({ name: 'iwae', inputShape: [20], latentDim: 3, overrides: { hidden: [16], samples: 4 }, generative: true });
modelSuite({ name: 'iwae', inputShape: [10], latentDim: 2, overrides: { hidden: [8], samples: 3, decoder: 'gaussian', decoderSigma: 0.3 }, generative: true });

test('iwae: the K-sample bound lies above the ELBO (−L_K below −ELBO) on average, more so as K grows', () => {
  const b = fixtureBatch([20], 16);
  const gap = (samples: number) => {
    const model = buildFor({ name: 'iwae', inputShape: [20], latentDim: 3, overrides: { hidden: [16], samples } });
    let total = 0;
    for (let s = 0; s < 20; s++) total += lossValues(model, b, 100 + s)['tightening']!;
    return total / 20;
  };
  const [g1, g5, g50] = [gap(1), gap(5), gap(50)];
  assert.ok(Math.abs(g1) < 0.5, `K = 1: −L_1 estimates −ELBO (gap ${g1})`);
  assert.ok(g5 < -0.1 && g50 < g5, `gaps ${g1}, ${g5}, ${g50} should fall with K`);
});

test('iwae: K = 1 is the VAE objective with a Monte Carlo KL: −log w = −log p(x|z) − log p(z) + log q(z|x)', () => {
  const model = buildFor({ name: 'iwae', inputShape: [20], latentDim: 3, overrides: { hidden: [16], samples: 1 } }) as IWAE;
  const b = fixtureBatch([20], 6);
  const a = lossValues(model, b, 3);
  const again = lossValues(model, b, 3);
  assert.deepEqual(a, again, 'the same generator gives the same loss');
  const other = noGrad(() => model.loss(b, new Generator(4)).total.item());
  assert.notEqual(other, a['total'], 'another generator, other draws');
});
