import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend } from './backend.js';
import { conformanceChecks, runBackendConformance } from '../testing/backend-conformance.js';
import { JsBackend } from './js-backend.js';
import { backend, listBackends, registerBackend, setBackend } from './registry.js';

runBackendConformance(() => new JsBackend(), 'js (the reference against itself)');

/** A subtly wrong backend: each override breaks one kernel the way a fast kernel might. */
function broken(overrides: Partial<Backend>): Backend {
  return Object.assign(new JsBackend(), overrides);
}

describe('the conformance checks catch broken kernels', () => {
  const ref = new JsBackend();
  const js = new JsBackend();

  it('a GEMM that ignores beta, loses precision at K = 3000 or drops NaN', () => {
    assert.throws(() => conformanceChecks.gemm(broken({
      gemm: (tA, tB, m, n, k, alpha, a, b, _beta, c) => js.gemm(tA, tB, m, n, k, alpha, a, b, 0, c),
    }), ref), /gemm .*beta=1/);
    assert.throws(() => conformanceChecks.gemm(broken({
      gemm: (tA, tB, m, n, k, alpha, a, b, beta, c) => {
        js.gemm(tA, tB, m, n, k, alpha, a, b, beta, c);
        if (k >= 3000) for (let i = 0; i < c.length; i++) c[i] = c[i]! * (1 + 1e-4);
      },
    }), ref), /gemm 5×3×3000/);
    assert.throws(() => conformanceChecks.gemm(broken({
      gemm: (tA, tB, m, n, k, alpha, a, b, beta, c) => {
        js.gemm(tA, tB, m, n, k, alpha, a, b, beta, c);
        for (let i = 0; i < c.length; i++) if (Number.isNaN(c[i])) c[i] = 0;
      },
    }), ref), /NaN propagation/);
  });

  it('kernels that ignore strides, offsets or NaN', () => {
    assert.throws(() => conformanceChecks.copyStrided(broken({
      copyStrided: (src, so, _ss, dst, dOff, ds, shape) => js.copyStrided(src, so, contiguous(shape), dst, dOff, ds, shape),
    }), ref), /transposed/);
    assert.throws(() => conformanceChecks.reduce(broken({
      reduce: (op, x, shape, axes, out) => { js.reduce(op, x, shape, axes, out); for (let i = 0; i < out.length; i++) if (Number.isNaN(out[i])) out[i] = 0; },
    }), ref), /with a NaN/);
    assert.throws(() => conformanceChecks.unary(broken({
      unary: (op, x, out, p0, p1) => { js.unary(op, x, out, p0, p1); if (op === 'sigmoid') for (let i = 0; i < out.length; i++) out[i] = out[i]! * (1 + 1e-4); },
    }), ref), /sigmoid/);
    assert.throws(() => conformanceChecks.col2im(broken({
      col2im: (cols, g, out) => { out.fill(0); js.col2im(cols, { ...g, padH: 0, padW: 0 }, out); },
    }), ref), /col2im/);
  });
});

function contiguous(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { out[i] = s; s *= shape[i]!; }
  return out;
}

describe('registry', () => {
  it('lists and switches backends by name or instance', () => {
    // The test runner may have made another backend active (AEKIT_BACKEND); restore it afterwards.
    const before = backend();
    assert.ok(listBackends().includes('js'));
    const custom = new JsBackend();
    registerBackend('js-copy', () => custom);
    assert.equal(setBackend('js-copy'), custom);
    assert.equal(backend(), custom);
    setBackend('js');
    assert.notEqual(backend(), custom);
    assert.throws(() => setBackend('nope'), /unknown backend 'nope'/);
    // A backend made active by instance (as useBackend does for native and wasm) is then known by its name.
    const fast = Object.assign(new JsBackend(), { name: 'fast-instance' });
    setBackend(fast);
    assert.ok(listBackends().includes('fast-instance'));
    setBackend('js');
    assert.equal(setBackend('fast-instance'), fast);
    setBackend(before);
  });
});
