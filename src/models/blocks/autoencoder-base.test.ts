import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SGD } from '../../optim/sgd.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { blobs } from '../../testing/training.js';
import { trainModel } from '../../train/trainer.js';
import { buildModel, defaultConfig, MODEL_NAMES } from '../registry.js';
import { minimize } from './autoencoder-base.js';
import { buildFor, fixtureBatch } from '../../testing/model-suite.js';

const snapshot = (ps: Tensor[]) => ps.map((p) => Float32Array.from(p.data));

function updateNorm(ps: Tensor[], before: Float32Array[]): number {
  let s = 0;
  ps.forEach((p, i) => p.data.forEach((v, j) => { s += (v - before[i]![j]!) ** 2; }));
  return Math.sqrt(s);
}

test('minimize clips the group\'s gradients to ctx.clipNorm: one SGD step of lr 1 moves the parameters by at most it', () => {
  for (const clipNorm of [0, 1e-3]) {
    const model = buildFor({ name: 'ae', inputShape: [6], latentDim: 2, overrides: { hidden: [5] } });
    const params = model.parameters();
    const before = snapshot(params);
    const optimizers = new Map([['main', new SGD(params, { lr: 1 })]]);
    const b = fixtureBatch([6], 8);
    minimize(model, { gen: new Generator(0), optimizers, step: 0, epoch: 0, clipNorm }, 'main', () => model.loss(b, new Generator(0)), 'ae');
    const moved = updateNorm(params, before);
    if (clipNorm > 0) assert.ok(moved <= clipNorm * (1 + 1e-3), `moved ${moved} > ${clipNorm}`);
    else assert.ok(moved > 1e-2, `without clipping the step is the raw gradient (moved ${moved})`);
  }
});

test('minimize differentiates the group\'s parameters only: the others need no gradient during the step and keep their flag', () => {
  const model = buildFor({ name: 'ae', inputShape: [6], latentDim: 2, overrides: { hidden: [5] } });
  const encoder = (model as unknown as { encoder: { parameters(): Tensor[] } }).encoder.parameters();
  const rest = model.parameters().filter((p) => !encoder.includes(p));
  assert.ok(rest.length > 0);
  const before = snapshot(rest), encoderBefore = snapshot(encoder);
  const optimizers = new Map([['main', new SGD(encoder, { lr: 1 })]]);
  const b = fixtureBatch([6], 8);
  let flagsInside: boolean[] = [];
  minimize(model, { gen: new Generator(0), optimizers, step: 0, epoch: 0 }, 'main', () => {
    flagsInside = rest.map((p) => p.requiresGrad);
    return model.loss(b, new Generator(0));
  }, 'ae');
  assert.deepEqual(flagsInside, rest.map(() => false), 'parameters outside the group are not differentiated');
  assert.deepEqual(rest.map((p) => p.requiresGrad), rest.map(() => true), 'and they are differentiable again afterwards');
  assert.deepEqual(snapshot(rest), before, 'nor moved');
  assert.ok(updateNorm(encoder, encoderBefore) > 1e-3, 'the group\'s own parameters got their gradients and moved');
});

// Every model with its own training step (adversarial phases, layer-wise pretraining) found by what it
// declares, not by name: `--clip` reaches those steps through TrainContext.clipNorm.
for (const name of MODEL_NAMES) {
  const config = defaultConfig(name, { inputShape: [6], latentDim: 2, numClasses: 3, overrides: { hidden: [5], decoder: 'gaussian' } });
  if (buildModel(config, new Generator(0)).trainStep === undefined) continue;
  test(`${name}: its own trainStep honours the trainer's clipNorm`, async () => {
    const moved: number[] = [];
    for (const clipNorm of [0, 1e-11]) {
      const model = buildModel(config, new Generator(1));
      const params = model.parameters();
      const before = snapshot(params);
      await trainModel({ model, train: blobs(32, 6, 1), test: null, options: { epochs: 1, batchSize: 16, lr: 1e-2, lrSchedule: 'constant', seed: 3, clipNorm, dropLast: false } });
      moved.push(Math.max(...params.map((p, i) => p.data.reduce((m, v, j) => Math.max(m, Math.abs(v - before[i]![j]!)), 0))));
    }
    // Adam moves each weight by about lr per step on raw gradients; on gradients of norm 1e-11, eps = 1e-8 swamps them.
    assert.ok(moved[0]! > 5e-3, `unclipped: largest weight change ${moved[0]}`);
    assert.ok(moved[1]! < 1e-4, `clipped to 1e-11: largest weight change ${moved[1]}`);
  });
}
