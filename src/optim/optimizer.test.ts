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
import { OptimizerStateError, type Optimizer, type OptimizerStateDict } from './optimizer.js';
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

/** An Adam over a small net after `steps` updates, and its state dict (round-tripped through JSON). */
function adamAfter(steps: number): { net: Sequential; opt: Adam; sd: OptimizerStateDict } {
  const net = mlp([3, 4, 2], { gen: new Generator(2), activation: 'tanh' });
  const opt = new Adam(net.parameters(), { lr: 0.01 });
  trainSteps(net, opt, steps);
  return { net, opt, sd: roundTrip(opt.stateDict()) };
}

test('loadStateDict refuses state that does not mean what this optimizer would have, and changes nothing', () => {
  const { sd } = adamAfter(3);
  const cases: [string, (s: OptimizerStateDict) => void, RegExp][] = [
    ['a missing moment buffer', (s) => s.tensors.delete('1.expAvgSq'), /parameter 1 has been updated 3 time\(s\) but its 'expAvgSq' buffer is missing/],
    ['a renamed moment buffer', (s) => {
      s.tensors.set('1.expAvgSQ', s.tensors.get('1.expAvgSq')!);
      s.tensors.delete('1.expAvgSq');
    }, /keeps no 'expAvgSQ' buffer/],
    ['β₁ = 5', (s) => (s.groups[0]!.hyper['beta1'] = 5), /group 0: Adam: beta1 must be in \[0, 1\), got 5/],
    ['a negative lr', (s) => (s.groups[0]!.hyper['lr'] = -1), /lr must be ≥ 0/],
    ['a hyper-parameter of the wrong type', (s) => (s.groups[0]!.hyper['eps'] = true), /'eps' must be a number, got boolean/],
    ['an unknown hyper-parameter', (s) => (s.groups[0]!.hyper['amsgrad'] = true), /unknown hyper-parameter 'amsgrad'/],
    ['a missing hyper-parameter', (s) => delete s.groups[0]!.hyper['beta2'], /lacks hyper-parameter 'beta2'/],
    ['shuffled parameter indices', (s) => s.groups[0]!.params.reverse(), /lists parameter 3 at position 0, expected 0/],
    ['a fractional step count', (s) => (s.steps[0] = 2.5), /step count of parameter 0 must be a positive integer/],
    ['a zero step count', (s) => (s.steps[0] = 0), /step count of parameter 0/],
    ['a NaN moment', (s) => (s.tensors.get('0.expAvg')!.data[1] = NaN), /buffer '0\.expAvg' holds NaN at index 1/],
    ['a negative second moment', (s) => (s.tensors.get('2.expAvgSq')!.data[0] = -1), /'2\.expAvgSq' holds -1 at index 0 \(it must be finite and ≥ 0\)/],
    ['a transposed buffer', (s) => (s.tensors.set('0.expAvg', new Tensor(new Float32Array(12), [3, 4]))), /buffer '0\.expAvg' has shape \[3, 4\], parameter 0 has \[4, 3\]/],
    ['a malformed buffer key', (s) => s.tensors.set('01.expAvg', s.tensors.get('1.expAvg')!), /'01\.expAvg' is not "<parameter index>\.<buffer>"/],
    ['a malformed group', (s) => ((s.groups as unknown[])[0] = { hyper: null, params: [] }), /group 0 must be \{hyper/],
  ];
  for (const [what, mutate, message] of cases) {
    const { net, opt } = adamAfter(3);
    const before = roundTrip(opt.stateDict());
    const bad = roundTrip(sd);
    mutate(bad);
    assert.throws(() => opt.loadStateDict(bad), (e: unknown) => e instanceof OptimizerStateError && message.test(e.message), what);
    const after = opt.stateDict();
    assert.deepEqual(after.groups, before.groups, `${what}: groups unchanged`);
    assert.deepEqual(after.steps, before.steps, `${what}: steps unchanged`);
    for (const [k, t] of before.tensors) assert.deepEqual(after.tensors.get(k)!.data, t.data, `${what}: ${k} unchanged`);
    assert.ok(net.parameters().length > 0);
  }
});

test('SGD and RMSprop declare the buffers their hyper-parameters make', () => {
  const net = mlp([2, 2], { gen: new Generator(0) });
  const withMomentum = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
  net.parameters()[0]!.grad = normal(new Generator(1), [2, 2]);
  withMomentum.step();
  const sd = withMomentum.stateDict();
  assert.deepEqual([...sd.tensors.keys()], ['0.momentumBuffer']);
  const noMomentum = { ...sd, groups: sd.groups.map((g) => ({ ...g, hyper: { ...g.hyper, momentum: 0 } })) };
  assert.throws(() => new SGD(net.parameters(), { lr: 0.1 }).loadStateDict(noMomentum), /SGD keeps no 'momentumBuffer' buffer with these hyper-parameters/);
  new SGD(net.parameters(), { lr: 0.1 }).loadStateDict(sd); // the saved momentum comes with its buffer
  const rms = new RMSprop(net.parameters(), { centered: true });
  rms.step();
  const rsd = rms.stateDict();
  assert.deepEqual([...rsd.tensors.keys()].sort(), ['0.gradAvg', '0.squareAvg']);
  rsd.tensors.delete('0.gradAvg');
  assert.throws(() => new RMSprop(net.parameters(), { centered: true }).loadStateDict(rsd), /'gradAvg' buffer is missing/);
});
