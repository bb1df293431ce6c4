import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../ops/creation.js';
import { SGD } from './sgd.js';
import { CosineAnnealingLR, ExponentialLR, LinearWarmupLR, ReduceLROnPlateau, StepLR, type LRScheduler } from './schedules.js';

const optimizer = (lr = 1): SGD => new SGD([tensor([0]).requiresGrad_()], { lr });

function sequence(s: LRScheduler, steps: number): number[] {
  const out = [s.optimizer.lr];
  for (let i = 0; i < steps; i++) {
    s.step();
    out.push(s.optimizer.lr);
  }
  return out;
}

function assertClose(a: number[], b: number[]): void {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-12, `[${i}] ${v} vs ${b[i]}`));
}

test('StepLR and ExponentialLR', () => {
  assertClose(sequence(new StepLR(optimizer(), { stepSize: 2, gamma: 0.5 }), 5), [1, 1, 0.5, 0.5, 0.25, 0.25]);
  assertClose(sequence(new ExponentialLR(optimizer(2), { gamma: 0.9 }), 3), [2, 1.8, 1.62, 1.458]);
});

test('CosineAnnealingLR follows half a cosine to etaMin and stays there', () => {
  const c = (t: number): number => 0.1 + 0.9 * (1 + Math.cos((Math.PI * t) / 4)) / 2;
  assertClose(sequence(new CosineAnnealingLR(optimizer(), { tMax: 4, etaMin: 0.1 }), 6), [c(0), c(1), c(2), c(3), 0.1, 0.1, 0.1]);
});

test('linear warm-up, then the schedule it hands over to', () => {
  const opt = optimizer();
  const then = new CosineAnnealingLR(opt, { tMax: 2 });
  assertClose(sequence(new LinearWarmupLR(opt, { warmupSteps: 4, then }), 6), [0.25, 0.4375, 0.625, 0.8125, 1, 0.5, 0]);
  assertClose(sequence(new LinearWarmupLR(optimizer(), { warmupSteps: 2, startFactor: 0 }), 3), [0, 0.5, 1, 1]);
  assert.throws(() => new LinearWarmupLR(optimizer(), { warmupSteps: 2, then: new StepLR(optimizer(), { stepSize: 1 }) }), /same optimizer/);
});

test('schedules scale each group\'s own base lr and resume from a state dict', () => {
  const a = tensor([0]).requiresGrad_();
  const b = tensor([0]).requiresGrad_();
  const opt = new SGD([{ params: [a] }, { params: [b], lr: 10 }], { lr: 1 });
  const s = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
  s.step();
  s.step();
  assert.deepEqual(s.lastLr, [0.25, 2.5]);
  const resumed = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
  assert.deepEqual(resumed.baseLrs, [1, 10], 'base rates come from initialLr, not the decayed lr');
  resumed.loadStateDict(s.stateDict());
  assert.deepEqual(resumed.lastLr, [0.25, 2.5]);
});

test('ReduceLROnPlateau divides the lr after `patience` epochs without improvement, then cools down', () => {
  const opt = optimizer();
  const r = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.1 });
  const lrs = [1, 0.5, 0.6, 0.7, 0.4, 0.45, 0.45].map((m) => (r.step(m), opt.lr));
  assertClose(lrs, [1, 1, 1, 0.1, 0.1, 0.1, 0.01].map((v, i) => (i < 6 ? v : 0.1 * 0.1)));
  const maxMode = new ReduceLROnPlateau(optimizer(), { mode: 'max', patience: 0, minLr: 0.5 });
  [1, 0.9, 0.8].forEach((m) => maxMode.step(m));
  assert.equal(maxMode.optimizer.lr, 0.5);
});
