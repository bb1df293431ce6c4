import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../ops/creation.js';
import { Adam, AdamW } from './adam.js';

test('Adam\'s first step moves each parameter by ≈ lr·sign(g), whatever the gradient\'s scale', () => {
  const p = tensor([1, 1, 1, 1]).requiresGrad_();
  const opt = new Adam([p], { lr: 0.01 });
  p.grad = tensor([1e-3, -5, 200, -0.1]);
  opt.step();
  const moved = Array.from(p.data, (v) => v - 1);
  [-0.01, 0.01, -0.01, 0.01].forEach((e, i) => assert.ok(Math.abs(moved[i]! - e) < 1e-6, `[${i}] moved ${moved[i]}`));
});

test('Adam matches the bias-corrected update computed by hand over three steps', () => {
  const lr = 0.1;
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const grads = [0.5, -0.2, 1.0];
  const p = tensor([2]).requiresGrad_();
  const opt = new Adam([p], { lr });
  let theta = 2;
  let m = 0;
  let v = 0;
  grads.forEach((g, i) => {
    const t = i + 1;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    theta -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    p.grad = tensor([g]);
    opt.step();
    assert.ok(Math.abs(p.data[0]! - theta) < 1e-6, `step ${t}: ${p.data[0]} vs ${theta}`);
  });
});

test('AdamW decays weights directly; Adam\'s weight decay goes through the gradient', () => {
  const a = tensor([1]).requiresGrad_();
  const w = tensor([1]).requiresGrad_();
  const adam = new Adam([a], { lr: 0.01, weightDecay: 0.1 });
  const adamw = new AdamW([w], { lr: 0.01, weightDecay: 0.1 });
  a.grad = tensor([0]);
  w.grad = tensor([0]);
  adam.step();
  adamw.step();
  assert.ok(Math.abs(w.data[0]! - 0.999) < 1e-7, `AdamW: θ(1 − lr·λ) = 0.999, got ${w.data[0]}`);
  assert.ok(Math.abs(a.data[0]! - 0.99) < 1e-6, `Adam: g = λθ normalised to a step of lr, got ${a.data[0]}`);
  assert.equal(new AdamW([tensor([0]).requiresGrad_()]).paramGroups[0]!.weightDecay, 0.01);
  assert.throws(() => new Adam([a], { beta1: 1 }), /beta1 must be in \[0, 1\)/);
});
