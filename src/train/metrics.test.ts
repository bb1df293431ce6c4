import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstNonFinite, metricsCsv, RunningMeans } from './metrics.js';
import { LineProgress } from './progress.js';

test('running means are weighted by batch size', () => {
  const m = new RunningMeans();
  m.add({ total: 1, kl: 0 }, 3);
  m.add({ total: 3, kl: 4 }, 1);
  assert.deepEqual(m.means(), { total: 1.5, kl: 1 });
});

test('a part reported by only some batches is averaged over those batches', () => {
  const m = new RunningMeans();
  m.add({ total: 2, pretrain1: 2 }, 2);
  m.add({ total: 4, pretrain2: 4 }, 6);
  assert.deepEqual(m.means(), { total: 3.5, pretrain1: 2, pretrain2: 4 });
});

test('firstNonFinite names the total first, then the part', () => {
  assert.equal(firstNonFinite({ kl: NaN, total: Infinity }), 'total');
  assert.equal(firstNonFinite({ total: 1, kl: NaN }), 'kl');
  assert.equal(firstNonFinite({ total: 1 }), null);
});

test('metrics CSV: one row per epoch, train then test columns, no test columns without a test split', () => {
  const rows = [{ epoch: 1, step: 5, seconds: 1.5, train: { total: 2, kl: 1 }, test: { total: 3, kl: 1.5 } }];
  assert.equal(metricsCsv(rows), 'epoch,step,seconds,train_total,train_kl,test_total,test_kl\n1,5,1.500,2,1,3,1.5\n');
  assert.equal(metricsCsv([{ ...rows[0]!, test: null }]), 'epoch,step,seconds,train_total,train_kl\n1,5,1.500,2,1\n');
});

test('plain progress lines: throttled within an epoch, one summary per epoch', () => {
  const lines: string[] = [];
  const p = new LineProgress((l) => lines.push(l), 0);
  p.startEpoch(1, 2, 3);
  p.step(1, { total: 5 });
  p.step(3, { total: 4 });
  p.endEpoch({ epoch: 1, step: 3, seconds: 0.5, train: { total: 4 }, test: null });
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /^epoch 1\/2 step 1\/3 total 5.00 ETA \d+ s$/);
  // The epoch's own time (measured from startEpoch), not the run's cumulative `seconds`.
  assert.match(lines[1]!, /^epoch 1 \(0\.\d s\): train total 4.000$/);
});
