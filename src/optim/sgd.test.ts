import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mul } from '../ops/binary.js';
import { tensor } from '../ops/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { SGD } from './sgd.js';

const param = (v: number[]): Tensor => tensor(v).requiresGrad_();

/** Runs the optimizer for the given gradients (one array per step) and returns the parameter after each step. */
function trajectory(opt: SGD, p: Tensor, grads: number[][]): number[][] {
  return grads.map((g) => {
    p.grad = tensor(g);
    opt.step();
    return Array.from(p.data);
  });
}

function assertClose(actual: number[][], expected: number[][]): void {
  actual.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-6, `step ${i + 1}[${j}]: ${v} vs ${expected[i]![j]}`)));
}

test('plain SGD: θ ← θ − lr·g', () => {
  const p = param([1, -2]);
  assertClose(trajectory(new SGD([p], { lr: 0.1 }), p, [[0.5, 1], [0.5, 1], [-1, 0]]), [[0.95, -2.1], [0.9, -2.2], [1.0, -2.2]]);
});

test('momentum: the buffer starts at g, then v ← μv + g', () => {
  const p = param([1]);
  // v: 0.5, 0.95, 1.355; θ: 1 − 0.05, − 0.095, − 0.1355
  assertClose(trajectory(new SGD([p], { lr: 0.1, momentum: 0.9 }), p, [[0.5], [0.5], [0.5]]), [[0.95], [0.855], [0.7195]]);
});

test('Nesterov steps along g + μv, so it moves further than plain momentum on a steady gradient', () => {
  const p = param([1]);
  // d: 0.5 + 0.9·0.5 = 0.95; 0.5 + 0.9·0.95 = 1.355; 0.5 + 0.9·1.355 = 1.7195
  assertClose(trajectory(new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true }), p, [[0.5], [0.5], [0.5]]), [[0.905], [0.7695], [0.59755]]);
  // On f(θ) = ½θ² the look-ahead damps the oscillation: Nesterov ends far closer to the minimum.
  const run = (nesterov: boolean): number => {
    const q = param([1]);
    const opt = new SGD([q], { lr: 0.1, momentum: 0.9, nesterov });
    for (let i = 0; i < 60; i++) {
      q.grad = tensor([q.data[0]!]);
      opt.step();
    }
    return Math.abs(q.data[0]!);
  };
  const plain = run(false);
  const nesterov = run(true);
  assert.ok(nesterov < plain / 10, `nesterov ${nesterov} vs plain ${plain}`);
});

test('dampening scales new gradients after the first; weight decay adds λθ; maximize ascends', () => {
  const p = param([1]);
  assertClose(trajectory(new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 }), p, [[0.5], [0.5]]), [[0.95], [0.88]]);
  const q = param([1]);
  assertClose(trajectory(new SGD([q], { lr: 0.1, weightDecay: 0.1 }), q, [[0], [0]]), [[0.99], [0.9801]]);
  const r = param([1]);
  assertClose(trajectory(new SGD([r], { lr: 0.1, maximize: true }), r, [[0.5]]), [[1.05]]);
});

test('parameters without a gradient are skipped; zeroGrad clears; groups have their own lr', () => {
  const a = param([1]);
  const b = param([1]);
  const opt = new SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
  a.grad = tensor([1]);
  b.grad = tensor([1]);
  opt.step();
  assert.deepEqual([a.data[0], b.data[0]], [Math.fround(0.9), 0]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  opt.step();
  assert.equal(a.data[0], Math.fround(0.9));
  opt.lr = 0.5;
  assert.deepEqual(opt.paramGroups.map((g) => g.lr), [0.5, 0.5]);
});

test('SGD rejects bad hyper-parameters and bad parameter lists', () => {
  const p = param([1]);
  assert.throws(() => new SGD([p], { lr: -1 }), /lr must be ≥ 0/);
  assert.throws(() => new SGD([p], { lr: 0.1, nesterov: true }), /Nesterov momentum needs momentum > 0/);
  assert.throws(() => new SGD([p, p], { lr: 0.1 }), /more than once/);
  assert.throws(() => new SGD([], { lr: 0.1 }), /empty parameter list/);
  assert.throws(() => new SGD([mul(p, 2)], { lr: 0.1 }), /only optimise leaf tensors/);
});
