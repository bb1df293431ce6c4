import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../autograd/backward.js';
import { square } from '../ops/unary.js';
import { sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { normal } from '../ops/random.js';
import { mlp } from '../nn/mlp.js';
import type { Sequential } from '../nn/sequential.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { Adam } from './adam.js';
import type { Optimizer, OptimizerStateDict } from './optimizer.js';
import { CosineAnnealingLR } from './schedules.js';
import { SGD } from './sgd.js';
import { RMSprop } from './rmsprop.js';

const data = new Generator(10);
const x = normal(data, [16, 3]);
const y = normal(data, [16, 2]);

function trainSteps(net: Sequential, opt: Optimizer, steps: number): void {
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    backward(mean(square(sub(net.forward(x), y))));
    opt.step();
  }
}

/** Saves through JSON and copies, as a checkpoint file would. */
function roundTrip(sd: OptimizerStateDict): OptimizerStateDict {
  const json = JSON.parse(JSON.stringify({ groups: sd.groups, steps: sd.steps })) as Pick<OptimizerStateDict, 'groups' | 'steps'>;
  const tensors = new Map([...sd.tensors].map(([k, t]) => [k, new Tensor(Float32Array.from(t.data), t.shape)] as const));
  return { ...json, tensors };
}

const makers: [string, (ps: Tensor[]) => Optimizer][] = [
  ['Adam', (ps) => new Adam(ps, { lr: 0.01 })],
  ['SGD+Nesterov', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true })],
  ['RMSprop', (ps) => new RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true })],
];

for (const [name, make] of makers) {
  test(`${name}: a run resumed from model + optimizer state dicts continues bit-identically`, () => {
    const full = mlp([3, 8, 2], { gen: new Generator(1), activation: 'tanh' });
    const fullOpt = make(full.parameters());
    const sched = new CosineAnnealingLR(fullOpt, { tMax: 10 });
    trainSteps(full, fullOpt, 5);
    sched.step();
    const modelState = full.stateDict();
    const optState = roundTrip(fullOpt.stateDict());
    const schedState = sched.stateDict();
    trainSteps(full, fullOpt, 5);

    const resumed = mlp([3, 8, 2], { gen: new Generator(99), activation: 'tanh' });
    resumed.loadStateDict(modelState);
    const opt = make(resumed.parameters());
    opt.loadStateDict(optState);
    new CosineAnnealingLR(opt, { tMax: 10 }).loadStateDict(schedState);
    assert.equal(opt.lr, fullOpt.lr);
    trainSteps(resumed, opt, 5);
    for (const [k, t] of resumed.stateDict()) assert.deepEqual(t.data, full.stateDict().get(k)!.data, k);
  });
}

test('optimizer state dict: JSON-safe groups and steps, buffers keyed by parameter index', () => {
  const net = mlp([2, 3, 1], { gen: new Generator(0) });
  const opt = new Adam([{ params: [net.parameters()[0]!] }, { params: net.parameters().slice(1), lr: 0.5 }]);
  net.parameters()[0]!.grad = normal(new Generator(1), [3, 2]);
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(sd.groups.map((g) => g.params), [[0], [1, 2, 3]]);
  assert.deepEqual(sd.groups.map((g) => g.hyper.lr), [1e-3, 0.5]);
  assert.deepEqual(sd.steps, [1, null, null, null]);
  assert.deepEqual([...sd.tensors.keys()], ['0.expAvg', '0.expAvgSq']);
  const other = new Adam(net.parameters());
  assert.throws(() => other.loadStateDict(sd), /2 groups saved, 1 here/);
  sd.tensors.set('0.expAvg', normal(new Generator(0), [5]));
  assert.throws(() => opt.loadStateDict(sd), /buffer '0\.expAvg' has shape \[5\], parameter 0 has \[3, 2\]/);
});
