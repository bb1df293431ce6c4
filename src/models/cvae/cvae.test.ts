import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { tensor } from '../../ops/creation.js';
import { Generator } from '../../tensor/random.js';
import { buildFor, fixtureBatch, modelSuite } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import type { ConditionalVAE } from './cvae.model.js';

const beta = (c: Readonly<Record<string, unknown>>) => ({ kl: c['beta'] as number });

modelSuite({ name: 'cvae', inputShape: [20], latentDim: 3, numClasses: 4, overrides: { hidden: [16] }, generative: true, partWeights: beta });
modelSuite({ name: 'cvae', inputShape: [1, 8, 8], latentDim: 2, numClasses: 3, overrides: { arch: 'conv', hidden: [8], convChannels: [4] }, generative: true, partWeights: beta });

const small = () => buildFor({ name: 'cvae', inputShape: [10], latentDim: 2, numClasses: 3, overrides: { hidden: [6] } }) as ConditionalVAE;

test('cvae: sample(n, gen, labels) gives one sample per label, and the label changes the sample', () => {
  const model = small();
  const labels = tensor([0, 1, 2, 1]);
  const s = noGrad(() => model.sample(4, new Generator(1), labels));
  assert.deepEqual(s.shape, [4, 10]);
  // Same z, different label → different decoding.
  const z = tensor([[0.3, -0.2], [0.3, -0.2]]);
  const d = noGrad(() => model.decode(z, tensor([0, 2])));
  assert.notDeepEqual(Array.from(d.data.subarray(0, 10)), Array.from(d.data.subarray(10)));
  // Without labels: the classes in turn.
  const cycled = noGrad(() => model.sample(3, new Generator(5), null));
  const explicit = noGrad(() => model.sample(3, new Generator(5), tensor([0, 1, 2])));
  assert.deepEqual(Array.from(cycled.data), Array.from(explicit.data));
});

test('cvae: labels are required and must fit the batch and the classes', () => {
  const model = small();
  const b = fixtureBatch([10], 4, 3);
  assert.throws(() => model.loss({ x: b.x, labels: null }, new Generator(0)), /labels/);
  assert.throws(() => model.encode(b.x, tensor([0, 1])), /labels of shape \[2\]/);
  assert.throws(() => model.encode(b.x, tensor([0, 1, 2, 3])), /out of range/);
  assert.throws(() => noGrad(() => model.sample(2, new Generator(0), tensor([0]))), /labels/);
});

test('cvae: without labelled data the config is rejected', () => {
  assert.throws(() => defaultConfig('cvae', { inputShape: [4] }), /numClasses/);
});
