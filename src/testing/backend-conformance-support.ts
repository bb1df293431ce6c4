/** What the conformance checks share: tolerant comparison, arrays placed in a backend's memory, awkward inputs. */
import assert from 'node:assert/strict';
import type { Generator } from '../tensor/random.js';
import type { Backend } from '../backend/backend.js';

export const EPS = 2 ** -23;

/** Compares element-wise with a per-element tolerance; NaN must match NaN and ±∞ must match exactly. */
export function expectClose(label: string, actual: Float32Array, expected: Float32Array, tol: (i: number) => number): void {
  assert.equal(actual.length, expected.length, `${label}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a) || !Number.isFinite(e)) {
      assert.ok(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || a === e, `${label}: element ${i} is ${a}, expected ${e}`);
      continue;
    }
    assert.ok(Math.abs(a - e) <= tol(i), `${label}: element ${i} is ${a}, expected ${e} (tolerance ${tol(i)})`);
  }
}

export const exact = (): number => 0;

/** An array of `n` floats in the backend's memory, as a view that starts `pad` floats in (a nonzero byteOffset). */
export function place(be: Backend, values: Float32Array, pad = 3): Float32Array {
  const view = be.alloc(values.length + pad).subarray(pad);
  view.set(values);
  return view;
}

export function randomValues(gen: Generator, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  gen.fillNormal(out, 0, scale);
  return out;
}

/** Random values with NaN, ±∞, ±0 and large/small magnitudes sprinkled in. */
export function awkwardValues(gen: Generator, n: number): Float32Array {
  const out = randomValues(gen, n, 2);
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e30, -1e30, 1e-30, 100, -100, 30, -30];
  for (let i = 0; i < n; i += 5) out[i] = specials[(i / 5) % specials.length]!;
  return out;
}

/** Every unary op of the table with each of its parameter cases. */
export const approxTol = (r: Float32Array) => (i: number): number => 4e-6 * Math.abs(r[i]!) + 1e-30;

export type Check = (candidate: Backend, reference: Backend) => void;
