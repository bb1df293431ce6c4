import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { mul, sub } from '../ops/binary.js';
import { linspace, tensor } from '../ops/creation.js';
import { mean } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { softplus, square } from '../ops/unary.js';
import { Adam } from '../optim/adam.js';
import { SGD } from '../optim/sgd.js';
import { MiniBatches, takeRows } from '../train/mini-batches.js';
import { Generator } from '../tensor/random.js';
import { mlp } from './mlp.js';

test('an MLP learns XOR (Bernoulli NLL from logits, plain SGD with momentum)', () => {
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  const net = mlp([2, 8, 1], { gen: new Generator(3), activation: 'tanh' });
  const opt = new SGD(net.parameters(), { lr: 0.5, momentum: 0.9 });
  // BCE from logits: softplus(z) − y·z.
  const loss = () => mean(sub(softplus(net.forward(x)), mul(y, net.forward(x))));
  for (let step = 0; step < 300; step++) {
    opt.zeroGrad();
    backward(loss());
    opt.step();
  }
  const logits = noGrad(() => net.forward(x));
  assert.deepEqual(Array.from(logits.data, (z) => (z > 0 ? 1 : 0)), [0, 1, 1, 0]);
  assert.ok(noGrad(loss).item() < 0.05, `final loss ${noGrad(loss).item()}`);
});

test('an MLP fits sin on [−π, π] to MSE < 0.01 with Adam and shuffled mini-batches', () => {
  const n = 128;
  const x = reshape(linspace(-Math.PI, Math.PI, n), [n, 1]);
  const y = tensor(Array.from(x.data, Math.sin), [n, 1]);
  const net = mlp([1, 32, 32, 1], { gen: new Generator(0), activation: 'tanh' });
  const opt = new Adam(net.parameters(), { lr: 0.01 });
  const batches = new MiniBatches(n, 32, { gen: new Generator(1) });
  for (let epoch = 0; epoch < 150; epoch++) {
    for (const idx of batches) {
      opt.zeroGrad();
      backward(mean(square(sub(net.forward(takeRows(x, idx)), takeRows(y, idx)))));
      opt.step();
    }
  }
  const mse = noGrad(() => mean(square(sub(net.forward(x), y)))).item();
  assert.ok(mse < 0.01, `MSE ${mse}`);
});
