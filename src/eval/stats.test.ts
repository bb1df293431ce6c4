import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogMeanExp, logMeanExp, meanWithStandardError, proportionWithStandardError } from './stats.js';

test('meanWithStandardError: mean and s/√n of a hand-computed case', () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(v − 5)² = 32, s² = 32/7, SE = √(32/7/8).
  const r = meanWithStandardError([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(r.mean, 5);
  assert.ok(Math.abs(r.standardError - Math.sqrt(32 / 7 / 8)) < 1e-12);
  assert.equal(r.count, 8);
  assert.equal(meanWithStandardError([3]).standardError, 0);
  assert.throws(() => meanWithStandardError([]), /no values/);
  assert.ok(Number.isNaN(meanWithStandardError([1, NaN]).mean), 'NaN is reported, not dropped');
});

test('meanWithStandardError: exact for values with a large common offset (two passes)', () => {
  const r = meanWithStandardError([1e9 + 1, 1e9 + 2, 1e9 + 3]);
  assert.equal(r.mean, 1e9 + 2);
  assert.ok(Math.abs(r.standardError - Math.sqrt(1 / 3)) < 1e-9);
});

test('proportionWithStandardError: p and √(p(1−p)/n)', () => {
  const r = proportionWithStandardError([true, false, true, true]);
  assert.equal(r.mean, 0.75);
  assert.ok(Math.abs(r.standardError - Math.sqrt((0.75 * 0.25) / 4)) < 1e-15);
});

test('logMeanExp: stable where exp overflows or underflows', () => {
  assert.ok(Math.abs(logMeanExp([1000, 1000]) - 1000) < 1e-12);
  assert.ok(Math.abs(logMeanExp([-1000, -1000 + Math.log(3)]) - (-1000 + Math.log(2))) < 1e-12);
  assert.ok(Math.abs(logMeanExp([0, Math.log(3)]) - Math.log(2)) < 1e-15);
  assert.equal(logMeanExp([-Infinity, -Infinity]), -Infinity);
  assert.equal(logMeanExp([-Infinity, 0]), Math.log(0.5));
  assert.ok(Number.isNaN(logMeanExp([0, NaN])));
  assert.equal(logMeanExp([0, Infinity]), Infinity);
});

test('LogMeanExp: chunked accumulation equals one pass, in any order', () => {
  const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 300 - i * 0.1);
  const whole = logMeanExp(values);
  const acc = new LogMeanExp();
  for (let s = 0; s < values.length; s += 37) acc.addAll(values.slice(s, s + 37));
  assert.ok(Math.abs(acc.value() - whole) < 1e-9, `${acc.value()} vs ${whole}`);
  const reversed = new LogMeanExp();
  reversed.addAll([...values].reverse());
  assert.ok(Math.abs(reversed.value() - whole) < 1e-9);
  acc.reset();
  assert.throws(() => acc.value(), /no values/);
});
