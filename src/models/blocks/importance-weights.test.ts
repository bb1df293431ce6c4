import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { DecoderLikelihood } from './likelihood.js';
import { repeatRows } from './importance-weights.js';

test('nllPerSampleRepeated (broadcast target) equals nllPerSample on the target copied r times, for every decoder', () => {
  const gen = new Generator(4);
  const rows = 3;
  const r = 5;
  const target = new Tensor(gen.fillUniform(new Float32Array(rows * 6)), [rows, 2, 3]);
  for (const [decoder, decoderVariance, k] of [['bernoulli', 'fixed', 1], ['gaussian', 'fixed', 1], ['gaussian', 'learned', 2]] as const) {
    const lik = new DecoderLikelihood({ inputShape: [2, 3], decoder, decoderVariance, decoderSigma: 0.7 });
    const raw = new Tensor(gen.fillNormal(new Float32Array(rows * r * 6 * k)), [rows * r, 6 * k]);
    const [a, b] = noGrad(() => [lik.nllPerSampleRepeated(raw, target, r), lik.nllPerSample(raw, repeatRows(target, r))]);
    assert.equal(a!.size, rows * r);
    for (let i = 0; i < a!.size; i++) assert.ok(Math.abs(a!.data[i]! - b!.data[i]!) < 1e-4, `${decoder}/${decoderVariance} row ${i}: ${a!.data[i]} vs ${b!.data[i]}`);
  }
  const lik = new DecoderLikelihood({ inputShape: [2, 3], decoder: 'bernoulli', decoderVariance: 'fixed', decoderSigma: 1 });
  assert.throws(() => lik.nllPerSampleRepeated(new Tensor(new Float32Array(7 * 6), [7, 6]), target, 2), /not 3 targets × 2 repeats/);
});
