// The README's library example, run as written (imports from the package entry point).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, Generator, grad, nn, optim, mseLoss, useBackend } from './index.js';

it('the README example learns XOR and differentiates x³ three times', async () => {
  await useBackend();
  const gen = new Generator(0);
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  const net = nn.mlp([2, 8, 1], { gen, activation: 'tanh' });
  const opt = new optim.Adam(net.parameters(), { lr: 0.05 });
  for (let step = 0; step < 300; step++) {
    opt.zeroGrad();
    const loss = mseLoss(net.forward(x), y);
    loss.backward();
    opt.step();
  }
  const out = net.forward(x).toArray() as number[][];
  [0, 1, 1, 0].forEach((target, i) => assert.ok(Math.abs(out[i]![0]! - target) < 0.2, `XOR(${i}) = ${out[i]![0]}`));
  const third = grad(grad(grad((a) => a.mul(a).mul(a).sum())));
  assert.deepEqual(third(tensor([2])).toArray(), [6]);
});
