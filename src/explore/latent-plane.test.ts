import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator } from '../tensor/random.js';
import { covarianceEllipse, LatentPlane } from './latent-plane.js';

const close = (a: number, b: number, tol = 1e-4) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('latent plane: 2-D codes are shown as they are', () => {
  const codes = Float32Array.from([1, 2, -3, 4, 0.5, -0.5]);
  const plane = new LatentPlane(codes, 3, 2);
  assert.equal(plane.isPca, false);
  assert.deepEqual(Array.from(plane.projectAll(codes)), Array.from(codes));
  assert.deepEqual(Array.from(plane.lift(0.25, -7)), [0.25, -7]);
  assert.equal(plane.axisName(1), 'z2');
});

test('latent plane: wide codes lie on their first two principal components; sliders reach the rest of the code', () => {
  const gen = new Generator(3);
  const n = 400, d = 5;
  // Variance 9, 4, 1, 0.25, 0.01 along a rotated basis: PC1 and PC2 are known.
  const scales = [3, 2, 1, 0.5, 0.1];
  const codes = new Float32Array(n * d);
  const c = Math.SQRT1_2;
  for (let i = 0; i < n; i++) {
    const s = scales.map((k) => k * gen.nextNormal());
    // Rotate the first two axes by 45°, and shift everything by +1.
    const row = [c * s[0]! - c * s[1]!, c * s[0]! + c * s[1]!, s[2]!, s[3]!, s[4]!];
    for (let j = 0; j < d; j++) codes[i * d + j] = row[j]! + 1;
  }
  const plane = new LatentPlane(codes, n, d);
  assert.equal(plane.isPca, true);
  const explained = plane.explained();
  assert.ok(explained[0]! > 0.55 && explained[1]! > 0.22, `explained ${explained.join(', ')}`);
  // A code's coordinates: its map point plus, on the sliders, the other components; lifting them gives it back.
  const code = codes.subarray(7 * d, 8 * d);
  const [u, v] = plane.project(code);
  const all = plane.projectAll(codes);
  close(all[14]!, u);
  close(all[15]!, v);
  const mapOnly = plane.lift(u, v);
  assert.ok(Math.hypot(...Array.from(mapOnly, (x, j) => x - code[j]!)) > 0.05, 'the map alone leaves out the other components');
  // Each slider's axis e_k is lift(0, 0) with that slider at 1, less the mean; the code's coordinate on it is
  // e_k · (code − mean). With every slider there, the map point lifts back to the code itself.
  const mean = plane.lift(0, 0);
  const coords = Array.from({ length: d - 2 }, (_, k) => {
    plane.offsets.fill(0);
    plane.offsets[k] = 1;
    const axis = plane.lift(0, 0).map((x, j) => x - mean[j]!);
    return axis.reduce((s, e, j) => s + e * (code[j]! - mean[j]!), 0);
  });
  plane.offsets.set(coords);
  const full = plane.lift(u, v);
  for (let j = 0; j < d; j++) close(full[j]!, code[j]!, 1e-4);
  // A posterior's variance along the map: isotropic variance stays isotropic on an orthonormal plane.
  const [a, b, cc] = plane.projectVariance(new Float32Array(d).fill(0.5));
  close(a, 0.5);
  close(b, 0);
  close(cc, 0.5);
});

test('covariance ellipse: axis-aligned and rotated covariances give their 2σ semi-axes and angle', () => {
  const e = covarianceEllipse([4, 0, 1], 2);
  close(e.rx, 4);
  close(e.ry, 2);
  close(e.angle, 0);
  const tall = covarianceEllipse([1, 0, 9], 2);
  close(tall.rx, 6);
  close(tall.angle, Math.PI / 2);
  // [[5, 4], [4, 5]]: eigenvalues 9 and 1, the first along (1, 1).
  const r = covarianceEllipse([5, 4, 5], 1);
  close(r.rx, 3);
  close(r.ry, 1);
  close(r.angle, Math.PI / 4);
});
