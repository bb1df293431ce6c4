import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFor, train } from '../testing/model-suite.js';
import type { StackedAE } from '../models/stacked-ae/stacked-ae.model.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { blobs } from '../testing/training.js';
import { encoderClassifier, fineTuneAgainstRandomInit, fineTuneSet, meanEncoderJacobianNormSq } from './finetune.js';

const settings = { epochs: 4, batchSize: 16, lr: 1e-2, weightDecay: 0, seed: 0, labels: null };

test('fine-tuning trains the pretrained encoder and a new output layer; the baseline is the same architecture from random weights', () => {
  const trainSet = blobs(60, 6, 1);
  const testSet = blobs(30, 6, 2);
  const model = buildFor({ name: 'stacked-ae', inputShape: [6], latentDim: 3, overrides: { hidden: [5], decoder: 'gaussian', pretrainEpochsPerLayer: 0 } }) as StackedAE;
  train(model, { x: new Tensor(trainSet.images, [60, 6]), labels: null }, 20, 1e-2);
  const pretrainedFirst = Float32Array.from(model.encoderLayers[0]!.weight.data);
  const seen: string[] = [];
  const r = fineTuneAgainstRandomInit(model, trainSet, testSet, settings, (init, p) => seen.push(`${init}:${p.epoch}`));
  assert.deepEqual(seen, ['pretrained:1', 'pretrained:2', 'pretrained:3', 'pretrained:4', 'random:1', 'random:2', 'random:3', 'random:4']);
  assert.equal(r.trainCount, 60);
  assert.ok(r.randomInit !== null);
  for (const run of [r.pretrained, r.randomInit]) {
    assert.equal(run.curve.length, 4);
    assert.equal(run.testError, run.curve.at(-1)!.testError);
    assert.ok(run.curve.at(-1)!.trainLoss < run.curve[0]!.trainLoss, `${run.init}: the cross-entropy falls`);
    assert.ok(run.testError >= 0 && run.testError <= 1);
  }
  // Backprop reached the encoder: its first layer moved away from the pretrained weights.
  assert.ok(model.encoderLayers[0]!.weight.data.some((v, i) => v !== pretrainedFirst[i]));
  // The baseline starts from other weights, with the same new layer and batches: skipping it changes nothing else.
  assert.notEqual(r.randomInit.curve[0]!.trainLoss, r.pretrained.curve[0]!.trainLoss);
  const again = buildFor({ name: 'stacked-ae', inputShape: [6], latentDim: 3, overrides: { hidden: [5], decoder: 'gaussian', pretrainEpochsPerLayer: 0 } });
  const alone = fineTuneAgainstRandomInit(again, trainSet, testSet, settings, undefined, false);
  assert.equal(alone.randomInit, null);
});

test('encoderClassifier: logits of the code through a new layer; conditional models are refused', () => {
  const model = buildFor({ name: 'ae', inputShape: [6], latentDim: 2, overrides: { hidden: [4] } });
  const { logits, params } = encoderClassifier(model, 3, new Generator(0));
  assert.deepEqual(logits(new Tensor(new Float32Array(12), [2, 6])).shape, [2, 3]);
  assert.equal(params.length, model.parameters().length + 2);
  const cvae = buildFor({ name: 'cvae', inputShape: [6], latentDim: 2, numClasses: 3, overrides: { hidden: [4] } });
  assert.throws(() => encoderClassifier(cvae, 3, new Generator(0)), /conditional/);
});

test('fineTuneSet keeps n labelled samples, the same number per class', () => {
  const ds = blobs(60, 2, 1);
  const subset = fineTuneSet(ds, 9, 0);
  assert.equal(subset.count, 9);
  for (let c = 0; c < 3; c++) assert.equal(subset.labels!.filter((v) => v === c).length, 3);
  assert.equal(fineTuneSet(ds, null, 0), ds);
  assert.throws(() => fineTuneSet(ds, 10, 0), /multiple of the 3 classes/);
});

test('meanEncoderJacobianNormSq is ‖W‖²_F for a linear one-layer encoder', () => {
  const model = buildFor({ name: 'ae', inputShape: [5], latentDim: 3, overrides: { hidden: [] } });
  const w = model.parameters()[0]!;
  const want = w.data.reduce((a, v) => a + v * v, 0);
  const got = meanEncoderJacobianNormSq(model, blobs(8, 5, 1), 4);
  assert.ok(Math.abs(got - want) < 1e-4 * want, `${got} vs ${want}`);
});
