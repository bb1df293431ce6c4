import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareWithPaper, formatTarget, PAPER_PROTOCOLS, paperProtocol } from './paper-protocols.js';
import { DEFAULT_EVAL_OPTIONS, type EvalReport, type MetricValue } from './report.js';

const reportWith = (values: Partial<MetricValue>[], iwSamples = DEFAULT_EVAL_OPTIONS.iwSamples): EvalReport => ({
  subject: { name: 'r', kind: 'model', method: 'vae', latentDim: 2 },
  data: 'mnist',
  options: { ...DEFAULT_EVAL_OPTIONS, iwSamples },
  values: values.map((v) => ({ metric: 'm', name: 'x', label: 'x', value: 0, standardError: null, unit: '', better: 'lower', subset: 's', ...v })),
  skipped: [],
  details: {},
  seconds: {},
});

test('protocol a: PCA-30 is met within 13.87 ± 0.05 and missed outside it', () => {
  const a = paperProtocol('a');
  assert.equal(formatTarget(a.target!), '13.87 ± 0.05');
  assert.equal(compareWithPaper(a, reportWith([{ name: 'sse', value: 13.866, standardError: 0.05 }]), 10000).met, true);
  assert.equal(compareWithPaper(a, reportWith([{ name: 'sse', value: 13.93 }]), 10000).met, false);
  assert.equal(compareWithPaper(a, reportWith([{ name: 'sse', value: 13.81 }]), 10000).met, false);
  assert.deepEqual(compareWithPaper(a, reportWith([{ name: 'sse', value: 13.87 }]), 10000).deviations, []);
});

test('IW NLL protocols: an upper bound, and K or a test subset other than the papers\' is stated', () => {
  const c = paperProtocol('c-iwae');
  const at = (v: number, K: number, n: number) => compareWithPaper(c, reportWith([{ name: 'iw-nll', value: v }], K), n);
  assert.equal(at(86.72, 5000, 10000).met, true);
  assert.equal(at(87.0, 5000, 10000).met, true, 'the bound is inclusive');
  assert.equal(at(87.01, 5000, 10000).met, false);
  assert.deepEqual(at(86.72, 5000, 10000).deviations, []);
  const off = at(86.72, 100, 1000).deviations;
  assert.equal(off.length, 2);
  assert.match(off.join(' | '), /1000 test images, the papers score 10000 \| K = 100, the papers evaluate with K = 5000/);
  assert.equal(compareWithPaper(paperProtocol('e'), reportWith([{ name: 'parzen', value: 307.8 }]), 10000).met, null, 'no target: nothing to meet');
});

test('a report without the protocol\'s value, or an unknown id, is a one-line error', () => {
  assert.throws(() => compareWithPaper(paperProtocol('a'), reportWith([{ name: 'iw-nll', value: 1 }]), 10000), /reads 'sse', which this report lacks \(evaluate with --metrics reconstruction\)/);
  assert.throws(() => paperProtocol('d'), /unknown protocol 'd' .*protocol d is `aekit compare`/);
  assert.equal(new Set(PAPER_PROTOCOLS.map((p) => p.id)).size, PAPER_PROTOCOLS.length, 'ids are unique');
});
