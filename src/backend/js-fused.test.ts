/**
 * The fused reference kernels against their definitions: biasAct against the composed add and activation,
 * biasActBackward against central finite differences of biasAct, the per-row BCE and the reparameterisation
 * against their formulas in double. (Every other backend is checked against these by conformance.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsBackend } from './js-backend.js';
import { ACTIVATION, ACTIVATIONS } from './op-table.js';

const js = new JsBackend();

function random(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; a[i] = ((x >>> 0) / 4294967296 - 0.5) * scale; }
  return a;
}

const P0 = { leakyRelu: 0.1, elu: 1.3 } as Partial<Record<string, number>>;

describe('fused reference kernels', () => {
  for (const [outer, channels, inner] of [[37, 70, 1], [4, 6, 25]] as const) {
    it(`biasAct is add then the activation; its backward matches finite differences (${outer}×${channels}×${inner})`, () => {
      const n = outer * channels * inner;
      const x = random(n, 81, 6), bias = random(channels, 82), dy = random(n, 83);
      for (const act of ACTIVATIONS) {
        const p0 = P0[act] ?? 0;
        const sum = new Float32Array(n);
        const rowStrides = [channels * inner, inner, 1], biasStrides = [0, 1, 0];
        js.binary('add', x, rowStrides, bias, biasStrides, sum, [outer, channels, inner]);
        const composed = new Float32Array(n);
        const code = ACTIVATION[act].code;
        if (code === null) composed.set(sum); else js.unary(code, sum, composed, p0);
        const y = new Float32Array(n);
        js.biasAct(x, bias, y, outer, channels, inner, act, p0);
        assert.deepEqual(y, composed, `biasAct ${act}`);
        const dx = new Float32Array(n), dbias = new Float32Array(channels);
        js.biasActBackward(y, dy, dx, dbias, outer, channels, inner, act, p0);
        const act1 = (t: number): number => {
          const o = new Float32Array(1);
          js.biasAct(Float32Array.of(t), new Float32Array(1), o, 1, 1, 1, act, p0);
          return o[0]!;
        };
        const h = 1e-2;
        const expectedBias = new Float64Array(channels);
        for (let i = 0; i < n; i++) {
          const s = sum[i]!;
          // Away from the kinks of relu/leakyRelu/elu, central differences in float32 with h = 1e-2.
          if (Math.abs(s) > 2 * h) {
            const d = (act1(s + h) - act1(s - h)) / (2 * h);
            assert.ok(Math.abs(dx[i]! - dy[i]! * d) <= 2e-3 * (1 + Math.abs(d)) * Math.abs(dy[i]!) + 1e-6, `${act} dx[${i}]: ${dx[i]} vs ${dy[i]! * d}`);
          }
          expectedBias[Math.floor(i / inner) % channels] += dx[i]!;
        }
        for (let c = 0; c < channels; c++) assert.ok(Math.abs(dbias[c]! - expectedBias[c]!) <= 1e-5 * (1 + Math.abs(expectedBias[c]!)), `${act} dbias[${c}]`);
      }
    });
  }

  it('bceWithLogitsRows sums max(x,0) − x·y + log1p(e^−|x|) per row; grad σ(x) − y; NaN propagates', () => {
    const rows = 5, cols = 1000;
    const x = random(rows * cols, 91, 60);
    x.set([30, -30, 0, 1e-3]);
    const y = random(rows * cols, 92).map((t) => t + 0.5);
    const loss = new Float32Array(rows), grad = new Float32Array(rows * cols);
    js.bceWithLogitsRows(x, y, rows, cols, loss, grad);
    for (let r = 0; r < rows; r++) {
      let expected = 0;
      for (let i = r * cols; i < (r + 1) * cols; i++) {
        const xi = x[i]!, yi = y[i]!;
        expected += Math.max(xi, 0) - xi * yi + Math.log1p(Math.exp(-Math.abs(xi)));
        assert.ok(Math.abs(grad[i]! - (1 / (1 + Math.exp(-xi)) - yi)) <= 1e-7, `grad[${i}]`);
      }
      assert.ok(Math.abs(loss[r]! - expected) <= 1e-6 * Math.abs(expected), `row ${r}: ${loss[r]} vs ${expected}`);
    }
    const nan = new Float32Array(1);
    js.bceWithLogitsRows(Float32Array.of(1, NaN), Float32Array.of(1, 1), 1, 2, nan, null);
    assert.ok(Number.isNaN(nan[0]), 'NaN logits give a NaN row loss');
  });

  it('reparameterize: z = μ + exp(½ logVar)·ε and dz/dlogVar = ½ exp(½ logVar)·ε', () => {
    const n = 1000;
    const mu = random(n, 93), logVar = random(n, 94, 8), eps = random(n, 95, 3);
    const z = new Float32Array(n), d = new Float32Array(n);
    js.reparameterize(mu, logVar, eps, z, d);
    for (let i = 0; i < n; i++) {
      const s = Math.exp(0.5 * logVar[i]!);
      assert.ok(Math.abs(z[i]! - (mu[i]! + s * eps[i]!)) <= 4e-7 * (Math.abs(mu[i]!) + s * Math.abs(eps[i]!)), `z[${i}]`);
      assert.ok(Math.abs(d[i]! - 0.5 * s * eps[i]!) <= 4e-7 * Math.abs(0.5 * s * eps[i]!) + 1e-30, `dz[${i}]`);
    }
  });
});
