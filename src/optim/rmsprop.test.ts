import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../ops/creation.js';
import { RMSprop } from './rmsprop.js';

function reference(grads: number[], o: { lr: number; alpha: number; momentum: number; centered: boolean }): number[] {
  let theta = 1;
  let s = 0;
  let a = 0;
  let buf = 0;
  return grads.map((g) => {
    s = o.alpha * s + (1 - o.alpha) * g * g;
    a = o.alpha * a + (1 - o.alpha) * g;
    const step = g / (Math.sqrt(o.centered ? s - a * a : s) + 1e-8);
    buf = o.momentum * buf + step;
    theta -= o.lr * (o.momentum > 0 ? buf : step);
    return theta;
  });
}

for (const variant of [
  { lr: 0.01, alpha: 0.99, momentum: 0, centered: false },
  { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: false },
  { lr: 0.01, alpha: 0.9, momentum: 0, centered: true },
]) {
  test(`RMSprop matches a hand computation over three steps (${JSON.stringify(variant)})`, () => {
    const grads = [0.5, -0.3, 0.8];
    const expected = reference(grads, variant);
    const p = tensor([1]).requiresGrad_();
    const opt = new RMSprop([p], variant);
    grads.forEach((g, i) => {
      p.grad = tensor([g]);
      opt.step();
      assert.ok(Math.abs(p.data[0]! - expected[i]!) < 1e-6, `step ${i + 1}: ${p.data[0]} vs ${expected[i]}`);
    });
  });
}

test('RMSprop\'s first step is lr·g/√((1−α)g²) = lr/√(1−α) in magnitude', () => {
  const p = tensor([1, 1]).requiresGrad_();
  new RMSprop([p], { lr: 0.01 }).step(); // no gradient yet: nothing happens
  assert.deepEqual(Array.from(p.data), [1, 1]);
  const opt = new RMSprop([p], { lr: 0.01 });
  p.grad = tensor([0.5, -40]);
  opt.step();
  assert.ok(Math.abs(p.data[0]! - 0.9) < 1e-6 && Math.abs(p.data[1]! - 1.1) < 1e-6, `${p.data[0]}, ${p.data[1]}`);
});
