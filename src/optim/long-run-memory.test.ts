import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { backward } from '../autograd/backward.js';
import { sub } from '../ops/binary.js';
import { mean } from '../ops/reduce.js';
import { normal } from '../ops/random.js';
import { square } from '../ops/unary.js';
import { BatchNorm1d } from '../nn/batch-norm.js';
import { Dropout } from '../nn/dropout.js';
import { Linear } from '../nn/linear.js';
import { ReLU } from '../nn/activations.js';
import { Sequential } from '../nn/sequential.js';
import { Generator } from '../tensor/random.js';
import { MiniBatches, takeRows } from '../train/mini-batches.js';
import { Adam } from './adam.js';
import { clipGradNorm } from './clip.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function usage(): { heap: number; buffers: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

test('3000 training steps without dispose: heap and ArrayBuffer use stay flat after warm-up', (t) => {
  const gen = new Generator(0);
  const net = new Sequential(new Linear(8, 32, { gen }), new BatchNorm1d(32), new ReLU(), new Dropout(0.1, { gen }), new Linear(32, 8, { gen }));
  const opt = new Adam(net.parameters(), { lr: 1e-3 });
  const x = normal(gen, [256, 8]);
  const batches = new MiniBatches(256, 16, { gen });
  let step = 0;
  let atWarm = usage();
  while (step < 3000) {
    for (const idx of batches) {
      const xb = takeRows(x, idx);
      opt.zeroGrad();
      backward(mean(square(sub(net.forward(xb), xb))));
      clipGradNorm(net.parameters(), 1);
      opt.step();
      step += 1;
      if (step === 500) atWarm = usage();
      if (step === 3000) break;
    }
  }
  const end = usage();
  const heapGrowth = end.heap - atWarm.heap;
  const bufferGrowth = end.buffers - atWarm.buffers;
  t.diagnostic(`heap +${(heapGrowth / 1024).toFixed(0)} KiB, ArrayBuffers +${(bufferGrowth / 1024).toFixed(0)} KiB from step 500 to 3000`);
  assert.ok(heapGrowth < 1024 * 1024, `heap grew by ${(heapGrowth / 1024).toFixed(0)} KiB between step 500 and 3000`);
  assert.ok(bufferGrowth < 256 * 1024, `ArrayBuffers grew by ${(bufferGrowth / 1024).toFixed(0)} KiB between step 500 and 3000`);
});
