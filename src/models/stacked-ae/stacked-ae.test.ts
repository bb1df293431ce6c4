import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../autograd/grad-mode.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { blobs } from '../../testing/training.js';
import { trainModel } from '../../train/trainer.js';
import { buildFor, fixtureBatch, lossValues, makeOptimizers, modelSuite } from '../../testing/model-suite.js';
import { defaultConfig } from '../registry.js';
import type { StackedAE } from './stacked-ae.model.js';

// End to end (no pretraining), and with a step schedule that pretrains both pairs within the 20 test steps.
modelSuite({ name: 'stacked-ae', inputShape: [20], latentDim: 3, overrides: { hidden: [12], pretrainEpochsPerLayer: 0 } });
modelSuite({ name: 'stacked-ae', inputShape: [1, 4, 5], latentDim: 3, overrides: { hidden: [12], pretrainEpochsPerLayer: 0, pretrainStepsPerLayer: 5 }, steps: 30 });
// The stacked denoising AE: sigmoid layers, masking noise on each pair's input.
modelSuite({ name: 'sdae', inputShape: [20], latentDim: 6, overrides: { hidden: [12], pretrainEpochsPerLayer: 0, pretrainStepsPerLayer: 5 }, steps: 30, lr: 1e-2 });

const snapshot = (ts: Tensor[]) => ts.map((t) => Array.from(t.data));

test('stacked-ae: each pretraining stage updates its own layer pair only and reports its own loss part; then fine-tuning updates all', () => {
  const model = buildFor({ name: 'stacked-ae', inputShape: [10], latentDim: 2, overrides: { hidden: [8, 4], pretrainStepsPerLayer: 2, pretrainEpochsPerLayer: 0 } }) as StackedAE;
  assert.equal(model.numLayerPairs, 3);
  const b = fixtureBatch([10], 6);
  const optimizers = makeOptimizers(model, 1e-2);
  const gen = new Generator(1);
  const pairParams = (l: number) => [...model.encoderLayers[l]!.parameters(), ...model.decoderLayers[l]!.parameters()];
  for (let step = 0; step < 8; step++) {
    const before = [0, 1, 2].map((l) => snapshot(pairParams(l)));
    const out = model.trainStep(b, { gen, optimizers, step, epoch: 0 });
    const stage = step < 6 ? Math.floor(step / 2) : -1;
    // Exactly the loss minimised: a stage's shallow-AE loss, or the end-to-end reconstruction — never both, nothing else.
    const part = stage === -1 ? 'reconstruction' : `pretrain${stage + 1}`;
    assert.deepEqual(Object.keys(out).sort(), [part, 'total'].sort(), `step ${step}`);
    assert.ok(Number.isFinite(out['total']) && out['total'] === out[part]);
    for (const l of [0, 1, 2]) {
      const changed = snapshot(pairParams(l)).some((v, i) => v.some((x, j) => x !== before[l]![i]![j]));
      assert.equal(changed, stage === -1 || stage === l, `step ${step}, pair ${l}`);
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

test('stacked-ae: the metrics of a run name each stage: pretrain1, pretrain2, then reconstruction, each in its own epochs', async () => {
  const model = buildFor({ name: 'stacked-ae', inputShape: [6], latentDim: 2, overrides: { hidden: [4], pretrainEpochsPerLayer: 1, decoder: 'gaussian' } });
  const { state } = await trainModel({ model, train: blobs(32, 6, 1), test: blobs(16, 6, 2), options: { epochs: 3, batchSize: 16, lr: 1e-2, lrSchedule: 'constant', seed: 0, clipNorm: 0, dropLast: false } });
  assert.deepEqual(state.history.map((m) => Object.keys(m.train).sort()), [['pretrain1', 'total'], ['pretrain2', 'total'], ['reconstruction', 'total']]);
  // The test split always scores the whole network's reconstruction.
  assert.ok(state.history.every((m) => Object.keys(m.test!).sort().join() === 'reconstruction,total'));
});

test('sdae: pair l reads a corrupted copy of its clean input (drawn from the step generator), scores the clean one', () => {
  const model = buildFor({ name: 'sdae', inputShape: [10], latentDim: 5, overrides: { hidden: [8], corruptionAmount: 0.5 } }) as StackedAE;
  assert.ok(model.capabilities.corruptsInput);
  const { x } = fixtureBatch([10], 6);
  noGrad(() => {
    const clean = model.layerLoss(1, x).total.item();
    const noisy = model.layerLoss(1, x, new Generator(3)).total.item();
    assert.notEqual(noisy, clean);
    assert.equal(model.layerLoss(1, x, new Generator(3)).total.item(), noisy, 'same generator state, same corruption');
    // Masking zeroes about half of the values the pair reads.
    const masked = model.corrupt(x, new Generator(4)).data;
    const zeros = masked.filter((v, i) => v === 0 && x.data[i] !== 0).length;
    assert.ok(zeros > 15 && zeros < 45, `${zeros} of 60 values masked`);
  });
  // The plain stacked AE does not corrupt.
  const plain = buildFor({ name: 'stacked-ae', inputShape: [10], latentDim: 2, overrides: { hidden: [8] } }) as StackedAE;
  assert.ok(!plain.capabilities.corruptsInput);
  assert.equal(plain.corrupt(x, new Generator(0)), x);
});

test('sdae: the defaults are Vincent et al.\'s SDAE-3 — three sigmoid layers of 1000 units, masking ν = 0.25', () => {
  const c = defaultConfig('sdae', { inputShape: [784] }) as unknown as Record<string, unknown>;
  assert.deepEqual([c['hidden'], c['latentDim'], c['activation'], c['codeActivation'], c['corruption'], c['corruptionAmount']],
    [[1000, 1000], 1000, 'sigmoid', 'sigmoid', 'masking', 0.25]);
});

test('stacked-ae: the two schedules are exclusive; a masking probability above 1 is refused', () => {
  assert.throws(() => defaultConfig('stacked-ae', { inputShape: [4], overrides: { pretrainStepsPerLayer: 3 } }), /not both/);
  assert.throws(() => defaultConfig('sdae', { inputShape: [4], overrides: { corruptionAmount: 1.5 } }), /probability/);
});
