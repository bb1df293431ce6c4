import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { PCA } from './pca.js';
import { sumSquaredErrorPerImage } from './reconstruction-error.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** An orthonormal 3 × 3 basis (rows): a rotation about (1, 1, 1) by 40°, written out. */
function rotation(): number[][] {
  const t = (40 * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const u = 1 / Math.sqrt(3);
  const k = [[0, -u, u], [u, 0, -u], [-u, u, 0]];
  // Rodrigues: R = I + sin t·K + (1 − cos t)·K².
  const k2 = k.map((r, i) => r.map((_, j) => k[i]!.reduce((a, _v, m) => a + k[i]![m]! * k[m]![j]!, 0)));
  return k.map((r, i) => r.map((_, j) => (i === j ? 1 : 0) + s * k[i]![j]! + (1 - c) * k2[i]![j]!));
}

test('symmetricEigen: A·v = λ·v, unit orthogonal vectors, values largest first', () => {
  const gen = new Generator(3);
  const n = 12;
  const b = Array.from({ length: n * n }, () => gen.nextNormal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = b[i * n + j]! + b[j * n + i]!;
  const { values, vectors } = symmetricEigen(a, n);
  for (let e = 0; e < n; e++) {
    if (e > 0) assert.ok(values[e - 1]! >= values[e]!);
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[e * n + j]!;
      assert.ok(Math.abs(av - values[e]! * vectors[e * n + i]!) < 1e-10, `eigenpair ${e}, row ${i}`);
    }
    for (let f = 0; f < n; f++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += vectors[e * n + j]! * vectors[f * n + j]!;
      assert.ok(Math.abs(dot - (e === f ? 1 : 0)) < 1e-12);
    }
  }
  assert.throws(() => symmetricEigen([1, 2, 3], 2), /expected 2 × 2/);
  assert.throws(() => symmetricEigen([1, NaN, NaN, 1], 2), /not finite/);
});

test('PCA: recovers a known decomposition (axes of a rotated box, variances 9·8/7, 4·8/7, 1·8/7)', () => {
  // Eight points ±3 along r₀, ±2 along r₁, ±1 along r₂ (all sign combinations) around mean m: the covariance
  // with N − 1 = 7 is diag(9, 4, 1)·8/7 in the rotated basis, so the components are r₀, r₁, r₂ up to sign.
  const r = rotation();
  const m = [0.5, -1, 2];
  const rows: number[] = [];
  for (const a of [-3, 3]) for (const b of [-2, 2]) for (const c of [-1, 1]) for (let j = 0; j < 3; j++) rows.push(m[j]! + a * r[0]![j]! + b * r[1]![j]! + c * r[2]![j]!);
  const x = new Tensor(Float32Array.from(rows), [8, 3]);
  const pca = new PCA({ nComponents: 2 }).fit(x);
  assert.deepEqual(Array.from(pca.mean.data).map((v) => +v.toFixed(5)), m);
  const ev = Array.from(pca.explainedVariance);
  assert.ok(Math.abs(ev[0]! - (9 * 8) / 7) < 1e-4 && Math.abs(ev[1]! - (4 * 8) / 7) < 1e-4, `explained variance ${ev}`);
  const ratio = Array.from(pca.explainedVarianceRatio);
  assert.ok(Math.abs(ratio[0]! - 9 / 14) < 1e-5 && Math.abs(ratio[1]! - 4 / 14) < 1e-5);
  const w = pca.components.data;
  for (let c = 0; c < 2; c++) {
    const dot = r[c]!.reduce((s, v, j) => s + v * w[c * 3 + j]!, 0);
    assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-5, `component ${c} is ±r${c} (|dot| = ${Math.abs(dot)})`);
  }
  // Codes are the ±3/±2 coordinates; the reconstruction drops the ±1 axis, so each point's SSE is exactly 1.
  const z = pca.transform(x);
  assert.deepEqual(Array.from(z.data, (v) => Math.round(Math.abs(v))), Array(8).fill([3, 2]).flat());
  const sse = sumSquaredErrorPerImage(x.data, pca.inverseTransform(z).data, 3);
  for (const e of sse) assert.ok(Math.abs(e - 1) < 1e-4, `SSE ${e}`);
});

test('PCA: all components reconstruct exactly; chunked covariance (more rows than a chunk) matches', () => {
  const gen = new Generator(5);
  const n = 5000;
  const d = 6;
  const x = new Tensor(Float32Array.from({ length: n * d }, (_, i) => gen.nextNormal() * (1 + (i % d))), [n, d]);
  const pca = new PCA({ nComponents: d }).fit(x);
  const back = pca.inverseTransform(pca.transform(x));
  for (let i = 0; i < x.size; i++) assert.ok(Math.abs(back.data[i]! - x.data[i]!) < 1e-4);
  // Variances of independent columns with σ = 1…6: the leading eigenvalue is close to 36.
  assert.ok(Math.abs(pca.explainedVariance[0]! - 36) < 36 * 0.08, `${pca.explainedVariance[0]}`);
});

test('PCA: errors for bad input, unfitted use and too many components', () => {
  assert.throws(() => new PCA({ nComponents: 0 }), /positive integer/);
  const pca = new PCA({ nComponents: 3 });
  assert.throws(() => pca.transform(new Tensor(new Float32Array(4), [2, 2])), /call fit first/);
  assert.throws(() => pca.fit(new Tensor(new Float32Array(4), [2, 2])), /exceeds/);
  assert.throws(() => new PCA({ nComponents: 1 }).fit(new Tensor(Float32Array.from([1, NaN, 2, 3]), [2, 2])), /not finite/);
  const fitted = new PCA({ nComponents: 1 }).fit(new Tensor(Float32Array.from([0, 0, 1, 1, 2, 2]), [3, 2]));
  assert.throws(() => fitted.transform(new Tensor(new Float32Array(3), [1, 3])), /N × 2/);
  const restored = PCA.fromState(fitted.toState());
  assert.deepEqual(Array.from(restored.transform(new Tensor(Float32Array.from([2, 2]), [1, 2])).data), Array.from(fitted.transform(new Tensor(Float32Array.from([2, 2]), [1, 2])).data));
});
