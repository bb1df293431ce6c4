/**
 * The test suite every model gets (pythae's layout): build, forward shapes, loss parts, a few training steps
 * lowering the loss, save → load with identical outputs, determinism under a seed, and generation where it
 * applies. Each `<name>.test.ts` calls `modelSuite` and then adds the checks special to its model.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { matmul } from '../ops/matmul.js';
import { normal, randint } from '../ops/random.js';
import { reshape } from '../ops/shape-ops.js';
import { sigmoid } from '../ops/unary.js';
import { makeOptimizers } from '../train/optimizers.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { isGenerative, type Autoencoder, type Batch } from '../models/autoencoder.js';
import { loadModel, saveModel } from '../models/model-io.node.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { lossNumbers } from '../models/blocks/autoencoder-base.js';

export { makeOptimizers };

export interface SuiteOptions {
  name: string;
  inputShape: number[];
  latentDim: number;
  numClasses?: number;
  overrides?: Record<string, unknown>;
  /** Weight of each loss part in the total (default 1 for every part). */
  partWeights?: (config: Readonly<Record<string, unknown>>) => Record<string, number>;
  /** The part that must fall with training (default 'total'). */
  improves?: string;
  generative?: boolean;
  batchSize?: number;
  steps?: number;
  lr?: number;
}

/** A small batch with low-rank structure in [0, 1] (so there is something to learn), plus labels when asked. */
export function fixtureBatch(inputShape: number[], n: number, numClasses = 0, seed = 11): Batch {
  const gen = new Generator(seed);
  const d = inputShape.reduce((p, s) => p * s, 1);
  const x = noGrad(() => sigmoid(matmul(normal(gen, [n, 3], 0, 2), normal(gen, [3, d]))));
  return { x: reshape(x, [n, ...inputShape]), labels: numClasses > 0 ? randint(gen, [n], 0, numClasses) : null };
}

export function buildFor(o: SuiteOptions, seed = 1): Autoencoder {
  const config = defaultConfig(o.name, { inputShape: o.inputShape, latentDim: o.latentDim, numClasses: o.numClasses, overrides: o.overrides });
  return buildModel(config, new Generator(seed));
}

/** Runs `steps` training steps on one batch, through `trainStep` when the model has one. */
export function train(model: Autoencoder, batch: Batch, steps: number, lr: number, seed = 5): void {
  const optimizers = makeOptimizers(model, lr);
  const gen = new Generator(seed);
  for (let step = 0; step < steps; step++) {
    if (model.trainStep) {
      model.trainStep(batch, { gen, optimizers, step, epoch: 0 });
      continue;
    }
    const main = optimizers.get('main')!;
    main.zeroGrad();
    backward(model.loss(batch, gen).total);
    main.step();
  }
}

export function assertFinite(t: Tensor, what: string): void {
  for (let i = 0; i < t.size; i++) assert.ok(Number.isFinite(t.data[i]), `${what}: element ${i} is ${t.data[i]}`);
}

export function lossValues(model: Autoencoder, batch: Batch, seed = 7): Record<string, number> {
  return noGrad(() => {
    return lossNumbers(model.loss(batch, new Generator(seed)));
  });
}

export function modelSuite(o: SuiteOptions): void {
  const n = o.batchSize ?? 8;
  const batch = (): Batch => fixtureBatch(o.inputShape, n, o.numClasses ?? 0);
  const labels = (b: Batch): Tensor | null => b.labels;

  test(`${o.name}: builds from its default config`, () => {
    const model = buildFor(o);
    assert.equal(model.config.model, o.name);
    assert.deepEqual(model.config.inputShape, o.inputShape);
    assert.equal(model.config.latentDim, o.latentDim);
    assert.ok(model.numParameters() > 0);
  });

  test(`${o.name}: encode, decode and reconstruct have the right shapes`, () => {
    const model = buildFor(o);
    const b = batch();
    noGrad(() => {
      const z = model.encode(b.x, labels(b));
      assert.deepEqual(z.shape, [n, o.latentDim]);
      const y = model.decode(z, labels(b));
      assert.deepEqual(y.shape, [n, ...o.inputShape]);
      assertFinite(y, 'decode');
      const r = model.reconstruct(b.x, labels(b));
      assert.deepEqual(r.shape, [n, ...o.inputShape]);
      // forward(x) is reconstruct(x) without labels, which conditional models cannot do.
      if (!o.numClasses) assert.deepEqual(model.forward(b.x).shape, [n, ...o.inputShape]);
    });
  });

  test(`${o.name}: loss parts are finite and the total is their weighted sum`, () => {
    const model = buildFor(o);
    const values = lossValues(model, batch());
    const weights = o.partWeights?.(model.config as unknown as Record<string, unknown>) ?? {};
    let expected = 0;
    for (const [k, v] of Object.entries(values)) {
      assert.ok(Number.isFinite(v), `${k} is ${v}`);
      if (k !== 'total') expected += (weights[k] ?? 1) * v;
    }
    assert.ok('reconstruction' in values, 'a reconstruction part');
    assert.ok(Math.abs(values['total']! - expected) <= 1e-4 * Math.max(1, Math.abs(expected)), `total ${values['total']} vs ${expected}`);
  });

  test(`${o.name}: a few training steps lower the loss on a fixed batch`, () => {
    const model = buildFor(o);
    const b = batch();
    const key = o.improves ?? 'total';
    const before = lossValues(model, b)[key]!;
    train(model, b, o.steps ?? 20, o.lr ?? 3e-3);
    const after = lossValues(model, b)[key]!;
    assert.ok(after < before, `${key}: ${before} → ${after}`);
  });

  test(`${o.name}: save → load gives the same config and identical reconstructions`, async () => {
    const model = buildFor(o);
    const b = batch();
    train(model, b, 2, 1e-3);
    const dir = mkdtempSync(join(tmpdir(), 'aekit-model-'));
    try {
      const path = join(dir, `${o.name}.safetensors`);
      await saveModel(path, model);
      const loaded = loadModel(path);
      assert.deepEqual(loaded.config, model.config);
      const [a, c] = noGrad(() => [model.reconstruct(b.x, labels(b)), loaded.reconstruct(b.x, labels(b))]);
      assert.deepEqual(Array.from(c!.data), Array.from(a!.data));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${o.name}: the same seed gives the same weights and the same loss`, () => {
    const b = batch();
    const [m1, m2] = [buildFor(o, 3), buildFor(o, 3)];
    for (const [[k1, t1], [k2, t2]] of [...m1.stateDict()].map((e, i) => [e, [...m2.stateDict()][i]!] as const)) {
      assert.equal(k1, k2);
      assert.deepEqual(Array.from(t1.data), Array.from(t2.data), k1);
    }
    assert.deepEqual(lossValues(m1, b), lossValues(m2, b));
  });

  test(`${o.name}: declares itself ${o.generative ? '' : 'not '}generative`, () => {
    assert.equal(buildFor(o).capabilities.generative, o.generative === true);
  });

  if (o.generative) {
    test(`${o.name}: sample draws decoded prior samples of the data's shape, reproducibly`, () => {
      const model = buildFor(o);
      assert.ok(isGenerative(model));
      const cond = o.numClasses ? new Tensor(Float32Array.from([0, 1, 2, 0, 1]), [5]) : null;
      const [s1, s2] = noGrad(() => [model.sample(5, new Generator(9), cond), model.sample(5, new Generator(9), cond)]);
      assert.deepEqual(s1!.shape, [5, ...o.inputShape]);
      assertFinite(s1!, 'sample');
      assert.deepEqual(Array.from(s1!.data), Array.from(s2!.data));
    });
  }
}
