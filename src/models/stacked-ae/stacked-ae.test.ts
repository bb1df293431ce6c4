import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { buildFor, fixtureBatch, lossValues, makeOptimizers, modelSuite } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import type { StackedAE } from './stacked-ae.model.js';

// End to end (no pretraining), and with a step schedule that pretrains both pairs within the 20 test steps.
modelSuite({ name: 'stacked-ae', inputShape: [20], latentDim: 3, overrides: { hidden: [12], pretrainEpochsPerLayer: 0 } });
modelSuite({ name: 'stacked-ae', inputShape: [1, 4, 5], latentDim: 3, overrides: { hidden: [12], pretrainEpochsPerLayer: 0, pretrainStepsPerLayer: 5 }, steps: 30 });

const snapshot = (ts: Tensor[]) => ts.map((t) => Array.from(t.data));

test('stacked-ae: each pretraining stage updates its own layer pair only, then fine-tuning updates all', () => {
  const model = buildFor({ name: 'stacked-ae', inputShape: [10], latentDim: 2, overrides: { hidden: [8, 4], pretrainStepsPerLayer: 2, pretrainEpochsPerLayer: 0 } }) as StackedAE;
  assert.equal(model.numLayerPairs, 3);
  const b = fixtureBatch([10], 6);
  const optimizers = makeOptimizers(model, 1e-2);
  const gen = new Generator(1);
  const pairParams = (l: number) => [...model.encoderLayers[l]!.parameters(), ...model.decoderLayers[l]!.parameters()];
  for (let step = 0; step < 8; step++) {
    const before = [0, 1, 2].map((l) => snapshot(pairParams(l)));
    const out = model.trainStep(b, { gen, optimizers, step, epoch: 0 });
    const expected = step < 6 ? Math.floor(step / 2) : -1;
    assert.equal(out['pretrainLayer'], expected);
    assert.ok(Number.isFinite(out['total']) && out['total'] === out['reconstruction']);
    for (const l of [0, 1, 2]) {
      const changed = snapshot(pairParams(l)).some((v, i) => v.some((x, j) => x !== before[l]![i]![j]));
      assert.equal(changed, expected === -1 || expected === l, `step ${step}, pair ${l}`);
    }
  }
});

test('stacked-ae: pretraining pair l lowers its own layer loss; the epoch schedule ends in fine-tuning', () => {
  const model = buildFor({ name: 'stacked-ae', inputShape: [10], latentDim: 2, overrides: { hidden: [8], pretrainEpochsPerLayer: 2 } }) as StackedAE;
  const b = fixtureBatch([10], 6);
  const optimizers = makeOptimizers(model, 1e-2);
  const gen = new Generator(1);
  const layer1 = () => model.layerLoss(1, b.x).total.item();
  // Epochs 0–1 pretrain pair 0; epochs 2–3 pair 1; from epoch 4 on, fine-tuning.
  for (let step = 0; step < 5; step++) model.trainStep(b, { gen, optimizers, step, epoch: 0 });
  const start = layer1();
  for (let step = 5; step < 25; step++) model.trainStep(b, { gen, optimizers, step, epoch: 2 });
  assert.ok(layer1() < start, `${start} → ${layer1()}`);
  assert.equal(model.pretrainingLayer(100, 3), 1);
  assert.equal(model.pretrainingLayer(100, 4), null);
  const e2e = lossValues(model, b)['total']!;
  for (let step = 25; step < 40; step++) model.trainStep(b, { gen, optimizers, step, epoch: 4 });
  assert.ok(lossValues(model, b)['total']! < e2e);
});

test('stacked-ae: the two schedules are exclusive', () => {
  assert.throws(() => defaultConfig('stacked-ae', { inputShape: [4], overrides: { pretrainStepsPerLayer: 3 } }), /not both/);
});
