import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bernoulli, normal, randint, uniform } from '../ops/random.js';
import { Generator } from './random.js';

const draws = (g: Generator, n: number): number[] => Array.from({ length: n }, () => g.nextUint32());

describe('Generator', () => {
  it('the same seed gives the same stream; different seeds give different streams', () => {
    assert.deepEqual(draws(new Generator(42), 100), draws(new Generator(42), 100));
    assert.notDeepEqual(draws(new Generator(42), 100), draws(new Generator(43), 100));
    assert.notDeepEqual(draws(new Generator(0), 10), draws(new Generator(2 ** 32), 10), 'seeds above 2^32 differ');
    assert.notDeepEqual(draws(new Generator(-1), 10), draws(new Generator(1), 10));
    assert.throws(() => new Generator(NaN), TypeError);
  });

  it('a known seed gives fixed values (bit-identical across runs of this platform)', () => {
    const a = new Generator(2024);
    const first = [a.nextUint32(), a.nextDouble(), a.nextNormal()];
    const b = new Generator(2024);
    assert.deepEqual([b.nextUint32(), b.nextDouble(), b.nextNormal()], first);
    assert.ok(first.every(Number.isFinite));
  });

  it('fillNormal gives the numbers of one nextNormal call per element, bit for bit, across odd lengths', () => {
    const filled = new Generator(11);
    const called = new Generator(11);
    for (const n of [1, 2, 3, 0, 5, 4, 1, 1, 1001]) {
      const got = filled.fillNormal(new Float32Array(n), 0.5, 2);
      const want = Float32Array.from({ length: n }, () => 0.5 + 2 * called.nextNormal());
      assert.deepEqual(got, want, `a fill of ${n}`);
    }
    // The state and the spare normal carry on as one stream.
    assert.equal(filled.nextNormal(), called.nextNormal());
    assert.equal(filled.nextUint32(), called.nextUint32());
  });

  it('fillBernoulli gives the draws of one nextDouble() < p per element, for one p and for one p per element', () => {
    const filled = new Generator(12);
    const called = new Generator(12);
    const probe = new Generator(99);
    for (const n of [1, 0, 7, 4096]) {
      const p = probe.fillUniform(new Float32Array(n));
      // Edge values: 0 never fires, 1 always does.
      if (n > 3) { p[0] = 0; p[1] = 1; p[2] = 0.5; }
      assert.deepEqual(filled.fillBernoulli(new Float32Array(n), p), Float32Array.from(p, (q) => (called.nextDouble() < q ? 1 : 0)), `${n} probabilities`);
      assert.deepEqual(filled.fillBernoulli(new Float32Array(n), 0.3), Float32Array.from({ length: n }, () => (called.nextDouble() < 0.3 ? 1 : 0)), `${n} draws at 0.3`);
    }
    assert.equal(filled.nextUint32(), called.nextUint32(), 'the state carries on as one stream');
    assert.throws(() => filled.fillBernoulli(new Float32Array(3), new Float32Array(2)), /2 probabilities for 3 draws/);
    assert.throws(() => filled.fillBernoulli(new Float32Array(3), new Float32Array([0.5, 0.2, NaN])), /value NaN at index 2 is not a probability/);
    assert.throws(() => filled.fillBernoulli(new Float32Array(1), -0.1), /-0.1 is not a probability/);
    assert.equal(filled.nextUint32(), called.nextUint32(), 'a refused fill draws nothing');
  });

  it('split children are reproducible, differ from each other and from the parent, and the parent advances', () => {
    const [c1, c2] = new Generator(7).split();
    const [d1, d2] = new Generator(7).split();
    const s1 = draws(c1!, 50);
    assert.deepEqual(s1, draws(d1!, 50));
    const s2 = draws(c2!, 50);
    assert.deepEqual(s2, draws(d2!, 50));
    assert.notDeepEqual(s1, s2);
    const parent = new Generator(7);
    parent.split();
    assert.notDeepEqual(draws(parent, 50), s1);
    const again = new Generator(7);
    const first = again.split(3).map((g) => g.nextUint32());
    const second = again.split(3).map((g) => g.nextUint32());
    assert.equal(new Set([...first, ...second]).size, 6);
  });

  it('split children are uncorrelated: their uniform streams have near-zero correlation', () => {
    const [a, b] = new Generator(11).split();
    const n = 20000;
    const x = Array.from({ length: n }, () => a!.nextDouble() - 0.5);
    const y = Array.from({ length: n }, () => b!.nextDouble() - 0.5);
    const corr = x.reduce((p, v, i) => p + v * y[i]!, 0) / Math.sqrt(x.reduce((p, v) => p + v * v, 0) * y.reduce((p, v) => p + v * v, 0));
    assert.ok(Math.abs(corr) < 0.03, `correlation ${corr}`);
  });

  it('uniform values lie in [low, high) with the right mean', () => {
    const t = uniform(new Generator(1), [20000], -2, 3);
    const v = Array.from(t.data);
    assert.ok(v.every((x) => x >= -2 && x < 3));
    const mean = v.reduce((p, x) => p + x, 0) / v.length;
    assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
    const d = Array.from({ length: 1000 }, () => new Generator(5).nextDouble());
    assert.ok(d.every((x) => x >= 0 && x < 1));
    const tiny = new Float32Array(1000);
    new Generator(9).fillUniform(tiny, 1, 1 + 1e-7);
    assert.ok(tiny.every((x) => x >= 1 && x < 1 + 1e-7), 'float32 rounding never lands on high');
  });

  it('normal values have the requested mean and variance', () => {
    const v = Array.from(normal(new Generator(2), [40000], 1.5, 2).data);
    const mean = v.reduce((p, x) => p + x, 0) / v.length;
    const variance = v.reduce((p, x) => p + (x - mean) ** 2, 0) / v.length;
    // Standard errors: 2/√40000 = 0.01 for the mean, ≈ 4·√(2/40000) = 0.028 for the variance.
    assert.ok(Math.abs(mean - 1.5) < 0.05, `mean ${mean}`);
    assert.ok(Math.abs(variance - 4) < 0.15, `variance ${variance}`);
    const third = v.reduce((p, x) => p + ((x - mean) / 2) ** 3, 0) / v.length;
    assert.ok(Math.abs(third) < 0.05, `skewness ${third}`);
  });

  it('bernoulli draws have the requested rate, from a number or a tensor of probabilities', () => {
    const v = Array.from(bernoulli(new Generator(3), 0.3, [20000]).data);
    assert.ok(v.every((x) => x === 0 || x === 1));
    const rate = v.reduce((p: number, x) => p + x, 0) / v.length;
    assert.ok(Math.abs(rate - 0.3) < 0.015, `rate ${rate}`);
    const p = uniform(new Generator(4), [4]);
    p.data.set([0, 1, 0, 1]);
    assert.deepEqual(Array.from(bernoulli(new Generator(4), p).data), [0, 1, 0, 1]);
    assert.throws(() => bernoulli(new Generator(4), 0.5), TypeError);
  });

  it('permutation is a permutation, and uniform over positions', () => {
    const g = new Generator(6);
    const p = g.permutation(100);
    assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
    assert.notDeepEqual([...p], Array.from({ length: 100 }, (_, i) => i));
    const firstCounts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) firstCounts[g.permutation(4)[0]!]!++;
    assert.ok(firstCounts.every((c) => Math.abs(c - 1000) < 120), `${firstCounts}`);
    assert.equal(g.permutation(0).length, 0);
  });

  it('nextInt and randint stay in range without bias', () => {
    const g = new Generator(8);
    const counts = [0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[g.nextInt(3)]!++;
    assert.ok(counts.every((c) => Math.abs(c - 2000) < 150), `${counts}`);
    assert.ok(Array.from(randint(g, [500], -2, 3).data).every((v) => Number.isInteger(v) && v >= -2 && v < 3));
    assert.throws(() => g.nextInt(0), RangeError);
  });
});
