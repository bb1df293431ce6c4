import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { noGrad } from '../autograd/grad-mode.js';
import { buildFor, fixtureBatch } from '../testing/model-suite.js';
import { isVariational } from '../models/autoencoder.js';
import { Tensor } from '../tensor/tensor.js';
import { anomalyScores, anomalyScoresOfBatch, unsupportedScore } from './anomaly-score.js';

const gaussianVae = () => buildFor({ name: 'vae', inputShape: [3], latentDim: 1, overrides: { hidden: [6], decoder: 'gaussian', decoderSigma: 0.5 } }, 4);

/** −log p(x) = −log ∫ p(x | z) N(z; 0, 1) dz by the trapezoid rule on a fine grid (a 1-D code makes this exact enough). */
function nllByQuadrature(x: Float32Array): number {
  const model = gaussianVae();
  const points = 4001;
  const z = Float32Array.from({ length: points }, (_, i) => -8 + (16 * i) / (points - 1));
  const target = new Tensor(Float32Array.from({ length: points * 3 }, (_, i) => x[i % 3]!), [points, 3]);
  const nll = noGrad(() => model.reconstructionNllPerSample(new Tensor(z, [points, 1]), target).data);
  const logTerms = Array.from(z, (zi, i) => -nll[i]! - 0.5 * zi * zi - 0.5 * Math.log(2 * Math.PI));
  const m = Math.max(...logTerms);
  const h = 16 / (points - 1);
  const integral = logTerms.reduce((s, t, i) => s + Math.exp(t - m) * (i === 0 || i === points - 1 ? 0.5 : 1), 0) * h;
  return -(m + Math.log(integral));
}

describe('anomaly scores', () => {
  it("the importance-weighted NLL converges to −log p(x) computed by quadrature; −ELBO lies above it", () => {
    const model = gaussianVae();
    const x = Float32Array.from([0.3, -0.2, 0.8]);
    const exact = nllByQuadrature(x);
    const batch = new Tensor(x, [1, 3]);
    const iw = anomalyScoresOfBatch(model, batch, null, 'iw-nll', { samples: 4000, seed: 1 })[0]!;
    const elbo = anomalyScoresOfBatch(model, batch, null, 'negative-elbo', { samples: 4000, seed: 1 })[0]!;
    assert.ok(Math.abs(iw - exact) < 0.02, `IW ${iw} vs exact ${exact}`);
    assert.ok(elbo > exact - 0.02, `−ELBO ${elbo} ≥ −log p(x) ${exact}`);
    const iw1 = anomalyScoresOfBatch(model, batch, null, 'iw-nll', { samples: 1, seed: 1 })[0]!;
    assert.ok(Number.isFinite(iw1));
  });

  it('reconstruction scores are the decoder NLL at the code, the same in any batch size', () => {
    const model = buildFor({ name: 'ae', inputShape: [5], latentDim: 2, overrides: { hidden: [4] } });
    const b = fixtureBatch([5], 7);
    const direct = noGrad(() => model.reconstructionNllPerSample(model.encode(b.x), b.x).data);
    const batched = anomalyScores(model, b.x.data, 7, null, 'reconstruction', { batchSize: 3 });
    for (let i = 0; i < 7; i++) assert.ok(Math.abs(batched[i]! - direct[i]!) < 1e-4);
  });

  it('a model without a posterior cannot give −ELBO or the IW NLL; the error names the model and the score', () => {
    const ae = buildFor({ name: 'ae', inputShape: [5], latentDim: 2, overrides: { hidden: [4] } });
    assert.equal(isVariational(ae), false);
    assert.match(unsupportedScore(ae, 'iw-nll')!, /score 'iw-nll' needs a variational model.*'ae'/);
    assert.equal(unsupportedScore(ae, 'reconstruction'), null);
    assert.throws(() => anomalyScores(ae, new Float32Array(10), 2, null, 'negative-elbo'), /needs a variational model/);
    assert.throws(() => anomalyScores(ae, new Float32Array(9), 2, null, 'reconstruction'), /9 values are not 2 samples of 5/);
  });
});
