import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../ops/creation.js';
import { normal } from '../ops/random.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { BatchNorm1d, BatchNorm2d } from './batch-norm.js';
import { assertModuleGradients } from './module-gradcheck.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol * (1 + Math.abs(b[i]!)), `[${i}] ${a[i]} vs ${b[i]}`);
};

test('BatchNorm1d in training normalises each channel with batch statistics', () => {
  const bn = new BatchNorm1d(2);
  const y = bn.forward(tensor([[1, 10], [2, 20], [3, 30], [6, 60]]));
  // Channel 0: mean 3, biased var (4+1+0+9)/4 = 3.5.
  const s = Math.sqrt(3.5 + 1e-5);
  close(Array.from(y.data).filter((_, i) => i % 2 === 0), [-2 / s, -1 / s, 0, 3 / s]);
  const s1 = Math.sqrt(350 + 1e-5);
  close(Array.from(y.data).filter((_, i) => i % 2 === 1), [-20 / s1, -10 / s1, 0, 30 / s1]);
});

test('running statistics follow r ← 0.9·r + 0.1·batch with the unbiased variance, and eval uses them', () => {
  const bn = new BatchNorm1d(1);
  bn.forward(tensor([[1], [2], [3], [6]])); // mean 3, unbiased var 14/3
  bn.forward(tensor([[0], [4]])); // mean 2, unbiased var 8
  const m1 = 0.1 * 3;
  const v1 = 0.9 * 1 + 0.1 * (14 / 3);
  const m2 = 0.9 * m1 + 0.1 * 2;
  const v2 = 0.9 * v1 + 0.1 * 8;
  close(bn.runningMean!.data, [m2]);
  close(bn.runningVar!.data, [v2]);
  assert.equal(bn.numBatchesTracked!.item(), 2);

  bn.weight!.data[0] = 2;
  bn.bias!.data[0] = 0.5;
  bn.eval();
  const frozen = bn.runningMean!.data[0];
  const y = bn.forward(tensor([[1], [5]]));
  close(y.data, [2 * (1 - m2) / Math.sqrt(v2 + 1e-5) + 0.5, 2 * (5 - m2) / Math.sqrt(v2 + 1e-5) + 0.5]);
  assert.equal(bn.runningMean!.data[0], frozen, 'eval does not update');
  // A single sample is fine in eval mode, not in training.
  assert.deepEqual(bn.forward(tensor([[1]])).shape, [1, 1]);
  bn.train();
  assert.throws(() => bn.forward(tensor([[1]])), (e: Error) => e instanceof ShapeError && /more than 1 value per channel/.test(e.message));
});

test('momentum null gives the cumulative average of batch statistics', () => {
  const bn = new BatchNorm1d(1, { momentum: null });
  bn.forward(tensor([[1], [3]]));
  bn.forward(tensor([[5], [7]]));
  close(bn.runningMean!.data, [(2 + 6) / 2]);
  close(bn.runningVar!.data, [(2 + 2) / 2]);
});

test('BatchNorm2d takes statistics over N, H and W per channel; BatchNorm1d over N and L', () => {
  const gen = new Generator(0);
  const x = normal(gen, [4, 3, 5, 5], 2, 3);
  const y = new BatchNorm2d(3).forward(x);
  for (let c = 0; c < 3; c++) {
    const values: number[] = [];
    for (let n = 0; n < 4; n++) for (let i = 0; i < 25; i++) values.push(y.data[(n * 3 + c) * 25 + i]!);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const v = values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length;
    assert.ok(Math.abs(m) < 1e-5 && Math.abs(v - 1) < 1e-3, `channel ${c}: mean ${m}, var ${v}`);
  }
  assert.deepEqual(new BatchNorm1d(3).forward(normal(gen, [4, 3, 7])).shape, [4, 3, 7]);
  assert.throws(() => new BatchNorm2d(3).forward(normal(gen, [4, 3])), /expected an N×C×H×W input, got \[4, 3\]/);
  assert.throws(() => new BatchNorm1d(2).forward(normal(gen, [4, 3])), /has 3 channels on axis 1/);
});

test('BatchNorm gradients (training and eval) w.r.t. input, weight and bias match finite differences', () => {
  const gen = new Generator(5);
  const bn1 = new BatchNorm1d(3);
  bn1.weight!.data.set([1.5, -0.5, 1]);
  assertModuleGradients(bn1, normal(gen, [6, 3]));
  assertModuleGradients(new BatchNorm2d(2), normal(gen, [3, 2, 2, 3]));
  bn1.eval();
  assertModuleGradients(bn1, normal(gen, [4, 3]));
});

test('without affine or running statistics there are no parameters or buffers', () => {
  const bn = new BatchNorm1d(2, { affine: false, trackRunningStats: false });
  assert.equal(bn.parameters().length, 0);
  assert.equal(bn.stateDict().size, 0);
  bn.eval();
  close(bn.forward(tensor([[1, 0], [3, 0]])).data, [-1, 0, 1, 0], 1e-4);
});
