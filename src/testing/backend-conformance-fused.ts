/** Conformance checks of the fused training kernels (biasAct, biasActBackward, bceWithLogitsRows, reparameterize). */
import assert from 'node:assert/strict';
import { Generator } from '../tensor/random.js';
import { approxTol, awkwardValues, type Check, exact, expectClose, place, randomValues } from './backend-conformance-support.js';
import { ACTIVATIONS } from '../backend/op-table.js';

/** Shapes for the fused kernels: (outer, channels, inner) — dense layers (inner 1), convolutions, 1×1 and primes. */
const FUSED_SHAPES: [number, number, number][] = [[1, 1, 1], [7, 13, 1], [17, 300, 1], [5, 3, 49], [3, 7, 13], [2, 65, 4]];

/** Activation parameters the fused checks use (leakyRelu's slope, elu's α). */
const ACT_P0 = { leakyRelu: 0.1, elu: 1.3 } as Partial<Record<string, number>>;

/** Which fused activations are exact (no transcendental function in the forward or in act' from y). */
const EXACT_FORWARD = new Set(['identity', 'relu', 'leakyRelu']);
const EXACT_BACKWARD = new Set(['identity', 'relu', 'sigmoid', 'tanh', 'leakyRelu', 'elu']);

/** Exact where the kernel computes no transcendental function, else within the transcendental tolerance. */
export const fusedChecks = {
  biasAct(be, ref) {
    const gen = new Generator(10);
    for (const [outer, channels, inner] of FUSED_SHAPES) {
      const n = outer * channels * inner;
      const x = awkwardValues(gen, n);
      const bias = randomValues(gen, channels);
      for (const act of ACTIVATIONS) {
        const p0 = ACT_P0[act] ?? 0;
        const got = place(be, new Float32Array(n).fill(NaN));
        const want = new Float32Array(n);
        be.biasAct(place(be, x), place(be, bias), got, outer, channels, inner, act, p0);
        ref.biasAct(x, bias, want, outer, channels, inner, act, p0);
        const label = `biasAct ${act} ${outer}×${channels}×${inner}`;
        expectClose(label, got, want, EXACT_FORWARD.has(act) ? exact : approxTol(want));
        // In place (out = x), as the fused linear op uses it.
        const inPlace = place(be, x);
        be.biasAct(inPlace, place(be, bias), inPlace, outer, channels, inner, act, p0);
        expectClose(`${label} in place`, inPlace, want, EXACT_FORWARD.has(act) ? exact : approxTol(want));
      }
    }
  },

  biasActBackward(be, ref) {
    const gen = new Generator(11);
    for (const [outer, channels, inner] of FUSED_SHAPES) {
      const n = outer * channels * inner;
      const x = awkwardValues(gen, n);
      const bias = randomValues(gen, channels);
      const dy = randomValues(gen, n);
      dy[n >> 1] = NaN;
      for (const act of ACTIVATIONS) {
        const p0 = ACT_P0[act] ?? 0;
        const y = new Float32Array(n);
        ref.biasAct(x, bias, y, outer, channels, inner, act, p0);
        const got = place(be, new Float32Array(n).fill(NaN));
        const gotBias = place(be, new Float32Array(channels).fill(NaN));
        const want = new Float32Array(n);
        const wantBias = new Float32Array(channels);
        be.biasActBackward(place(be, y), place(be, dy), got, gotBias, outer, channels, inner, act, p0);
        ref.biasActBackward(y, dy, want, wantBias, outer, channels, inner, act, p0);
        const label = `biasActBackward ${act} ${outer}×${channels}×${inner}`;
        const isExact = EXACT_BACKWARD.has(act);
        expectClose(`${label} dx`, got, want, isExact ? exact : approxTol(want));
        const absSum = new Float32Array(channels);
        ref.reduce('sum', want.map(Math.abs), [outer, channels, inner], [0, 2], absSum);
        expectClose(`${label} dbias`, gotBias, wantBias, isExact ? exact : (c) => 8e-6 * absSum[c]! + 1e-30);
        // Without dbias, and with dx written over dy.
        const shared = place(be, dy);
        be.biasActBackward(place(be, y), shared, shared, null, outer, channels, inner, act, p0);
        expectClose(`${label} dx in place`, shared, want, isExact ? exact : approxTol(want));
      }
    }
  },

  bceWithLogitsRows(be, ref) {
    const gen = new Generator(12);
    for (const [rows, cols] of [[1, 1], [7, 13], [3, 1003], [128, 17]] as const) {
      const n = rows * cols;
      const x = randomValues(gen, n, 8);
      x.set([NaN, 30, -30, 100, -100, 0, -0].slice(0, n));
      const y = randomValues(gen, n).map((v) => Math.min(1, Math.max(0, v + 0.5)));
      const got = place(be, new Float32Array(rows).fill(NaN));
      const gotGrad = place(be, new Float32Array(n).fill(NaN));
      const want = new Float32Array(rows);
      const wantGrad = new Float32Array(n);
      const yOut = y.slice();
      for (let i = 3; i < n; i += 11) yOut[i] = i % 2 ? -0.25 : 1.5; // targets that are not probabilities
      yOut[0] = NaN; // not counted
      assert.equal(be.bceWithLogitsRows(place(be, x), place(be, yOut), rows, cols, new Float32Array(rows), null),
        ref.bceWithLogitsRows(x, yOut, rows, cols, new Float32Array(rows), null), `bceWithLogitsRows ${rows}×${cols}: targets outside [0, 1]`);
      assert.equal(be.bceWithLogitsRows(place(be, x), place(be, y), rows, cols, got, gotGrad), 0);
      ref.bceWithLogitsRows(x, y, rows, cols, want, wantGrad);
      expectClose(`bceWithLogitsRows ${rows}×${cols}`, got, want, (r) => (cols + 2) * 4e-6 * Math.abs(want[r]!) + 1e-30);
      // σ(x) − y cancels where σ(x) ≈ y: few ulp of the terms, not of the difference.
      expectClose(`bceWithLogitsRows ${rows}×${cols} grad`, gotGrad, wantGrad, (i) => 4e-6 * (Math.abs(y[i]!) + 1));
      const lossOnly = place(be, new Float32Array(rows).fill(NaN));
      be.bceWithLogitsRows(place(be, x), place(be, y), rows, cols, lossOnly, null);
      expectClose(`bceWithLogitsRows ${rows}×${cols} without grad`, lossOnly, got, exact);
    }
    // `repeats` rows of x per row of y: the same bits as y copied, each of y's values counted once.
    for (const [targets, repeats, cols] of [[1, 3, 5], [3, 7, 13], [2, 64, 300]] as const) {
      const rows = targets * repeats;
      const x = randomValues(gen, rows * cols, 8);
      const y = randomValues(gen, targets * cols).map((v) => Math.min(1, Math.max(0, v + 0.5)));
      y[cols - 1] = 1.5;
      const copied = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) copied.set(y.subarray(Math.floor(r / repeats) * cols, (Math.floor(r / repeats) + 1) * cols), r * cols);
      const label = `bceWithLogitsRows ${targets}×${repeats}×${cols}`;
      const [got, gotGrad] = [place(be, new Float32Array(rows).fill(NaN)), place(be, new Float32Array(rows * cols).fill(NaN))];
      const [want, wantGrad] = [place(be, new Float32Array(rows)), place(be, new Float32Array(rows * cols))];
      assert.equal(be.bceWithLogitsRows(place(be, x), place(be, y), rows, cols, got, gotGrad, repeats), 1, `${label}: targets outside [0, 1]`);
      be.bceWithLogitsRows(place(be, x), place(be, copied), rows, cols, want, wantGrad);
      expectClose(label, got, want, exact);
      expectClose(`${label} grad`, gotGrad, wantGrad, exact);
      assert.equal(ref.bceWithLogitsRows(x, y, rows, cols, new Float32Array(rows), null, repeats), 1);
    }
    for (const repeats of [0, 2, 1.5]) {
      assert.throws(() => be.bceWithLogitsRows(place(be, new Float32Array(3)), place(be, new Float32Array(3)), 3, 1, new Float32Array(3), null, repeats),
        RangeError, `bceWithLogitsRows refuses repeats ${repeats} for 3 rows`);
    }
  },

  reparameterize(be, ref) {
    const gen = new Generator(13);
    for (const n of [1, 7, 1003]) {
      const mu = awkwardValues(gen, n);
      const logVar = randomValues(gen, n, 4);
      logVar.set([NaN, 80, -80, 0].slice(0, n));
      const eps = randomValues(gen, n);
      const got = place(be, new Float32Array(n).fill(NaN));
      const gotD = place(be, new Float32Array(n).fill(NaN));
      const want = new Float32Array(n);
      const wantD = new Float32Array(n);
      be.reparameterize(place(be, mu), place(be, logVar), place(be, eps), got, gotD);
      ref.reparameterize(mu, logVar, eps, want, wantD);
      // z = μ + σε: the error of σε is relative to it, not to z (which may cancel).
      expectClose(`reparameterize z n=${n}`, got, want, (i) => 4e-6 * (Math.abs(want[i]! - mu[i]!) + Math.abs(want[i]!)) + 1e-30);
      expectClose(`reparameterize dz/dlogVar n=${n}`, gotD, wantD, approxTol(wantD));
      const zOnly = place(be, new Float32Array(n).fill(NaN));
      be.reparameterize(place(be, mu), place(be, logVar), place(be, eps), zOnly, null);
      expectClose(`reparameterize without dz/dlogVar n=${n}`, zOnly, got, exact);
    }
  }
} satisfies Record<string, Check>;
