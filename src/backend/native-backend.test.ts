/**
 * The native kernels against the TypeScript reference backend, on awkward shapes and special values.
 * Without a built addon these tests skip, or fail when AEKIT_REQUIRE_NATIVE=1 (CI with a compiler).
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Backend, BinaryOp, Conv2dGeometry, UnaryOp } from './backend.js';
import { runBackendConformance } from '../testing/backend-conformance.js';
import { JsBackend } from './js-backend.js';
import {
  availableIsas, cpuFeatures, loadNativeBackend, NativeBackend, nativeUnavailableReason, setIsa, setThreads,
} from './native-backend.js';

const native = loadNativeBackend();
const js = new JsBackend();

/** Returns the backend, or skips (fails under AEKIT_REQUIRE_NATIVE=1) when the addon is missing. */
function nativeOrSkip(t: TestContext): NativeBackend | null {
  if (native !== null) return native;
  const reason = nativeUnavailableReason() ?? 'unknown reason';
  if (process.env['AEKIT_REQUIRE_NATIVE'] === '1') assert.fail(`AEKIT_REQUIRE_NATIVE=1 but the native addon is unavailable: ${reason}`);
  t.skip(`native addon not built: ${reason}`);
  return null;
}

/** xorshift32 in [-0.5, 0.5): deterministic inputs. */
function random(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = (x >>> 0) / 4294967296 - 0.5;
  }
  return out;
}

/** A view into a larger buffer, starting `pad` floats in (nonzero byteOffset), filled from `src`. */
function view(src: Float32Array, pad = 3): Float32Array {
  const buf = new Float32Array(src.length + 2 * pad).fill(-777);
  const v = buf.subarray(pad, pad + src.length);
  v.set(src);
  return v;
}

function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** Same value within `ulps` float32 ulps (0 = bit-identical up to NaN payload, and ±0 must match). */
function assertClose(got: Float32Array, want: Float32Array, ulps: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w) || Number.isNaN(g)) {
      assert.ok(Number.isNaN(w) && Number.isNaN(g), `${what}[${i}]: got ${g}, want ${w}`);
      continue;
    }
    if (ulps === 0) { assert.ok(Object.is(g, w), `${what}[${i}]: got ${g}, want ${w}`); continue; }
    if (g === w) continue;
    assert.ok(Math.abs(g - w) <= ulps * ulp(Math.max(Math.abs(g), Math.abs(w))), `${what}[${i}]: got ${g}, want ${w}`);
  }
}

const SPECIAL = [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 2, -2, 1e-30, -1e-30, 3e-39, 19.9, -19.9, 20, -20,
  20.5, -20.5, 17.3, -17.3, 88, -88, 100, -100, 1e30, -1e30, 0.1, 3.14159, -2.71828];

function specialInput(n = 300): Float32Array {
  const x = random(n, 99);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * 16;
  x.set(SPECIAL.slice(0, n));
  return x;
}

// ---------------------------------------------------------------- GEMM

interface GemmCase { m: number; n: number; k: number; tA: boolean; tB: boolean; alpha: number; beta: number }

/**
 * NOTE tolerance: float32 accumulation over k terms errs by about eps·√k times Σ|a||b| for random data
 * (blocked FMA sums; worst case k·eps). We allow 1e-6·(√k + 1) ≈ 8.4·eps·(√k + 1) per element, relative to
 * |α|·Σ_p|a_ip||b_pj| + |β|·|c_ij|, i.e. relative to the size of what was summed, not of the (possibly
 * cancelled) result. The JS reference sums in float64 and is exact to within this by far.
 */
function checkGemm(be: Backend, c: GemmCase, seed: number): void {
  const { m, n, k, tA, tB, alpha, beta } = c;
  const A = random(m * k, seed), B = random(k * n, seed + 1), C0 = random(m * n, seed + 2);
  const got = view(C0), want = Float32Array.from(C0);
  be.gemm(tA, tB, m, n, k, alpha, view(A), view(B), beta, got);
  js.gemm(tA, tB, m, n, k, alpha, A, B, beta, want);
  const tol = 1e-6 * (Math.sqrt(k) + 1);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let scale = Math.abs(beta * C0[i * n + j]!);
      for (let p = 0; p < k; p++) {
        const a = tA ? A[p * m + i]! : A[i * k + p]!;
        const b = tB ? B[j * k + p]! : B[p * n + j]!;
        scale += Math.abs(alpha * a * b);
      }
      const err = Math.abs(got[i * n + j]! - want[i * n + j]!);
      if (!(err <= tol * scale + 1e-30)) {
        assert.fail(`gemm ${JSON.stringify(c)} [${i},${j}]: got ${got[i * n + j]}, want ${want[i * n + j]} (err ${err}, allowed ${tol * scale})`);
      }
    }
  }
  // The view must not be written outside its bounds.
  const whole = new Float32Array(got.buffer);
  assert.equal(whole[2], -777, 'gemm wrote before C');
  assert.equal(whole[3 + m * n], -777, 'gemm wrote after C');
}

const TRANSPOSES: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

const GEMM_SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 1, 7], [2, 3, 1], [7, 13, 17], [8, 32, 16], [9, 33, 257], [17, 31, 255], [6, 16, 256], [5, 100, 1],
  [127, 257, 131], [33, 45, 3000], [1, 300, 40], [300, 1, 40], [128, 40, 512], [128, 512, 20],
  // Rank-k updates (k ≤ 4, no tiles), odd widths for the vector tails, and the AAE's 2-D code layer on two threads.
  [9, 37, 1], [13, 70, 2], [6, 33, 3], [21, 19, 4], [5, 17, 2], [128, 1000, 2], [128, 1000, 1],
  // Skinny products (n or m ≤ 4): every count, odd k for the masked tails, wider than one 512-column block.
  [37, 1, 19], [37, 2, 33], [37, 3, 17], [37, 4, 5], [1, 37, 19], [2, 45, 33], [3, 29, 17], [4, 70, 5],
  [1100, 2, 129], [2, 1030, 128], [128, 2, 1000], [1000, 1, 128],
];

test('native: cpu features and ISA list', (t) => {
  if (nativeOrSkip(t) === null) return;
  const isas = availableIsas();
  assert.ok(isas.includes('scalar'), 'the portable path is always available');
  if (cpuFeatures().includes('avx512f')) assert.ok(isas.includes('avx512'));
  if (cpuFeatures().includes('avx2') && cpuFeatures().includes('fma')) assert.ok(isas.includes('avx2'));
  assert.throws(() => setIsa('nonsense' as 'avx2'), /not supported/);
});

for (const isa of ['avx512', 'avx2', 'scalar'] as const) {
  test(`native gemm (${isa}): awkward shapes, all transposes, alpha/beta, views, 1 and 2 threads`, (t) => {
    const be = nativeOrSkip(t);
    if (be === null) return;
    if (!availableIsas().includes(isa)) { t.skip(`this CPU cannot run ${isa}`); return; }
    try {
      setIsa(isa);
      assert.equal(be.isa, isa);
      for (const threads of [1, 2]) {
        setThreads(threads);
        assert.equal(be.threads, threads);
        let seed = 1;
        for (const [m, n, k] of GEMM_SHAPES) {
          for (const [tA, tB] of TRANSPOSES) {
            const [alpha, beta] = [[1, 0], [-0.75, 1], [2.5, -0.5]][seed % 3]!;
            checkGemm(be, { m, n, k, tA, tB, alpha: alpha!, beta: beta! }, seed++);
          }
        }
        // The VAE's products, once each, big enough to be split across threads.
        checkGemm(be, { m: 128, n: 512, k: 784, tA: false, tB: false, alpha: 1, beta: 0 }, 101);
        checkGemm(be, { m: 784, n: 512, k: 128, tA: true, tB: false, alpha: 1, beta: 1 }, 102);
        checkGemm(be, { m: 128, n: 784, k: 512, tA: false, tB: true, alpha: 1, beta: 0 }, 103);
      }
    } finally {
      setIsa('auto');
      setThreads(2);
    }
  });
}

test('native gemm: beta = 0 overwrites NaN in C, NaN in A spreads along its row, k = 0 and alpha = 0 scale C', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const m = 9, n = 35, k = 20;
  const A = random(m * k, 5), B = random(k * n, 6);
  A[3 * k + 4] = NaN;
  const C = new Float32Array(m * n).fill(NaN);
  be.gemm(false, false, m, n, k, 1, A, B, 0, C);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) assert.equal(Number.isNaN(C[i * n + j]!), i === 3, `C[${i},${j}]`);
  const C2 = random(m * n, 7), want = C2.map((v) => v * -2);
  be.gemm(false, false, m, n, 0, 1, A, B, -2, C2);
  assertClose(C2, want, 0, 'k = 0');
  const C3 = random(m * n, 8), want3 = C3.map((v) => v * 0.5);
  be.gemm(true, true, m, n, k, 0, A, B, 0.5, C3);
  assertClose(C3, want3, 0, 'alpha = 0');
});

test('native gemm: rejects operands too short for m, n, k', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  assert.throws(() => be.gemm(false, false, 4, 4, 4, 1, new Float32Array(15), new Float32Array(16), 0, new Float32Array(16)), RangeError);
  assert.throws(() => be.gemm(false, false, 4, 4, 4, 1, new Float32Array(16), new Float32Array(16), 0, new Float32Array(15)), RangeError);
  assert.throws(() => be.gemm(false, false, 1, 1, 1, 1, new Float64Array(1) as unknown as Float32Array, new Float32Array(1), 0, new Float32Array(1)), TypeError);
});

// ---------------------------------------------------------------- elementwise

/** Ops whose native result is one correctly rounded operation, as in JS: bit-identical. */
const EXACT_UNARY = new Set<UnaryOp>(['neg', 'sqrt', 'rsqrt', 'abs', 'sign', 'square', 'reciprocal', 'relu', 'step',
  'leakyRelu', 'clamp', 'affine']);
const UNARY_CASES: [UnaryOp, number, number][] = [
  ['neg', 0, 0], ['exp', 0, 0], ['log', 0, 0], ['log1p', 0, 0], ['expm1', 0, 0], ['sqrt', 0, 0], ['rsqrt', 0, 0],
  ['abs', 0, 0], ['sign', 0, 0], ['square', 0, 0], ['reciprocal', 0, 0], ['sigmoid', 0, 0], ['tanh', 0, 0],
  ['relu', 0, 0], ['softplus', 0, 0], ['logSigmoid', 0, 0], ['step', 0, 0], ['leakyRelu', 0.01, 0], ['elu', 1.3, 0],
  ['clamp', -1.5, 2.25], ['affine', 0.3, -1.1], ['powScalar', 2, 0], ['powScalar', 0.5, 0], ['powScalar', 3, 0],
  ['powScalar', -1.5, 0], ['powScalar', NaN, 0], ['powScalar', Infinity, 0], ['powScalar', 0, 0],
];

test('native unary: every op vs the JS reference on special values (NaN, ±0, ±Inf, tails at ±20)', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const x = specialInput();
  for (const [op, p0, p1] of UNARY_CASES) {
    const got = view(new Float32Array(x.length)), want = new Float32Array(x.length);
    be.unary(op, view(x), got, p0, p1);
    js.unary(op, x, want, p0, p1);
    assertClose(got, want, EXACT_UNARY.has(op) || (op === 'powScalar' && (p0 === 2 || p0 === 0.5)) ? 0 : 4, `${op}(${p0}, ${p1})`);
  }
});

test('native unary: in place and large enough to run on the thread pool', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const x = random(600_000, 3);
  for (const op of ['sigmoid', 'relu', 'tanh', 'softplus'] as const) {
    const want = new Float32Array(x.length);
    js.unary(op, x, want);
    const got = Float32Array.from(x);
    be.unary(op, got, got);
    assertClose(got, want, op === 'relu' ? 0 : 4, op);
  }
});

/** The ISAs with SIMD elementwise kernels (csrc/vmath_x86.c); they follow the selected GEMM path. */
const SIMD_ISAS = ['avx512', 'avx2'] as const;
const SIMD_UNARY: [UnaryOp, number][] = [['exp', 0], ['log', 0], ['log1p', 0], ['expm1', 0], ['sigmoid', 0], ['tanh', 0],
  ['softplus', 0], ['logSigmoid', 0], ['elu', 1.3]];

/** Every `step`-th float32 bit pattern (all binades, both signs, NaNs, denormals), then the specials. */
function bitSweep(step: number): Float32Array {
  const n = Math.floor(2 ** 32 / step);
  const bits = new Uint32Array(n + SPECIAL.length);
  for (let i = 0; i < n; i++) bits[i] = (i * step + 7) >>> 0;
  const x = new Float32Array(bits.buffer);
  x.set(SPECIAL, n);
  return x;
}

/** Runs `fn` on each SIMD path this CPU has, with 1 and 2 threads, restoring the defaults afterwards. */
function forEachSimdPath(t: TestContext, fn: (label: string) => void): void {
  let ran = 0;
  try {
    for (const isa of SIMD_ISAS) {
      if (!availableIsas().includes(isa)) continue;
      setIsa(isa);
      for (const threads of [1, 2]) {
        setThreads(threads);
        fn(`${isa}, ${threads} thread${threads > 1 ? 's' : ''}`);
        ran++;
      }
    }
  } finally {
    setIsa('auto');
    setThreads(2);
  }
  if (ran === 0) t.skip('this CPU has no AVX2 or AVX-512');
}

/** Within `ulps`, and where the reference is ±0 the same signed zero. */
function assertCloseSigned(got: Float32Array, want: Float32Array, ulps: number, what: string): void {
  assertClose(got, want, ulps, what);
  for (let i = 0; i < want.length; i++) {
    if (want[i] === 0) assert.ok(Object.is(got[i], want[i]), `${what}[${i}]: got ${got[i]}, want ${want[i]}`);
  }
}

test('native SIMD transcendentals: within 1 ulp of the reference over every binade; NaN, ±Inf, ±0 as the reference', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  // NOTE: evaluated in double and rounded once, so they differ from the reference only on near-ties.
  const x = bitSweep(16411);
  const wants = SIMD_UNARY.map(([op, p0]) => { const w = new Float32Array(x.length); js.unary(op, x, w, p0); return w; });
  forEachSimdPath(t, (path) => {
    SIMD_UNARY.forEach(([op, p0], k) => {
      const got = view(new Float32Array(x.length));
      be.unary(op, view(x), got, p0);
      assertCloseSigned(got, wants[k]!, 1, `${op} (${path})`);
      const inPlace = Float32Array.from(x);
      be.unary(op, inPlace, inPlace, p0);
      assertCloseSigned(inPlace, wants[k]!, 1, `${op} in place (${path})`);
    });
    // Lengths that leave every possible tail after the SIMD blocks.
    for (let n = 1; n <= 17; n++) {
      const small = x.subarray(x.length - SPECIAL.length).slice(0, n);
      const got = view(new Float32Array(n)), want = new Float32Array(n);
      be.unary('softplus', view(small), got);
      js.unary('softplus', small, want);
      assertCloseSigned(got, want, 1, `softplus n=${n} (${path})`);
    }
  });
});

/** Logits over the whole range (with NaN, ±Inf, ±100, ±1e30) and targets in [0, 1] with NaN, 0 and 1. */
function bceOperands(n: number): [Float32Array, Float32Array] {
  const a = random(n, 91).map((v) => v * 60);
  a.set([NaN, Infinity, -Infinity, 100, -100, 1e30, -1e30, 0, -0, 20, -20, 1e-30].slice(0, n));
  const b = random(n, 92).map((v) => v + 0.5);
  b.set([0.5, 0, 1, 1, 0, 1, 0, NaN, 0.25, 1, 0, 0.75].slice(0, n));
  return [a, b];
}

test('native bceWithLogits: SIMD and scalar paths match the reference (contiguous, broadcast, strided)', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const rows = 37, cols = 131;
  const [a, b] = bceOperands(rows * cols);
  const shape = [rows, cols];
  const cases: [string, number[], number[], number][] = [
    ['same shape', contiguous(shape), contiguous(shape), rows * cols],
    ['row of targets', contiguous(shape), [0, 1], cols],
    ['scalar logit', [0, 0], contiguous(shape), rows * cols],
    ['transposed logits', [1, rows], contiguous(shape), rows * cols],
  ];
  const check = (path: string): void => {
    for (const [label, sa, sb, nb] of cases) {
      const bb = b.subarray(0, nb);
      const got = view(new Float32Array(rows * cols)), want = new Float32Array(rows * cols);
      be.binary('bceWithLogits', view(a), sa, view(bb), sb, got, shape);
      js.binary('bceWithLogits', a, sa, bb, sb, want, shape);
      assertCloseSigned(got, want, 1, `bceWithLogits ${label} (${path})`);
    }
  };
  forEachSimdPath(t, check);
  try { setIsa('scalar'); check('scalar'); } finally { setIsa('auto'); }
});

test('native SIMD adamUpdate: the same bits as the reference, every tail length, 1 and 2 threads', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  forEachSimdPath(t, (path) => {
    for (const n of [1, 7, 8, 9, 15, 17, 100_003]) {
      for (const decoupled of [false, true]) {
        const p0 = random(n, 81), g = random(n, 82), m0 = random(n, 83).map((v) => v * 0.1), v0 = random(n, 84).map((v) => v * v);
        const [p, m, v] = [view(p0), view(m0), view(v0)];
        const [pw, mw, vw] = [Float32Array.from(p0), Float32Array.from(m0), Float32Array.from(v0)];
        for (const step of [1, 2, 50]) {
          const s = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step, weightDecay: 0.01, decoupled };
          be.adamUpdate(p, view(g), m, v, s);
          js.adamUpdate(pw, g, mw, vw, s);
        }
        const what = `adam n=${n} decoupled=${decoupled} (${path})`;
        assertClose(p, pw, 0, `${what} param`);
        assertClose(m, mw, 0, `${what} m`);
        assertClose(v, vw, 0, `${what} v`);
      }
    }
  });
});

const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'gt', 'ge', 'lt', 'le', 'eq', 'ne',
  'bceWithLogits'];

function contiguous(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]!; }
  return st;
}

/** Strides of `shape` read in `outShape` (0 on stretched dims), like broadcastStrides. */
function bcast(shape: readonly number[], outShape: readonly number[]): number[] {
  const st = contiguous(shape);
  return outShape.map((_, i) => {
    const j = i - (outShape.length - shape.length);
    return j < 0 || shape[j] === 1 ? 0 : st[j]!;
  });
}

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

const BROADCASTS: [number[], number[], number[]][] = [
  [[3, 5], [3, 5], [3, 5]], [[4, 7], [], [4, 7]], [[], [4, 7], [4, 7]], [[4, 7], [1, 7], [4, 7]],
  [[4, 7], [4, 1], [4, 7]], [[1, 6], [5, 1], [5, 6]], [[2, 3, 4], [2, 1, 4], [2, 3, 4]], [[2, 1, 4, 1], [3, 1, 5], [2, 3, 4, 5]],
  [[], [], []], [[0, 3], [3], [0, 3]], [[600, 1000], [1000], [600, 1000]], [[600, 1000], [600, 1000], [600, 1000]],
  [[1000, 600], [1000, 1], [1000, 600]],
];

test('native binary: every op, broadcasting strides (same shape, scalar, row, column, outer), NaN', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  for (const [sa, sb, so] of BROADCASTS) {
    const a = size(sa) > 500 ? random(size(sa), 11) : specialInput(Math.max(size(sa), 1)).subarray(0, size(sa));
    const b = random(size(sb), 12).map((v, i) => (i % 7 === 3 ? NaN : i % 5 === 1 ? a[i % Math.max(a.length, 1)] ?? v : v * 4));
    const st = [bcast(sa, so), bcast(sb, so)] as const;
    for (const op of BINARY_OPS) {
      if (size(so) > 500 && !['add', 'mul', 'maximum', 'pow', 'gt', 'bceWithLogits'].includes(op)) continue;
      const got = view(new Float32Array(size(so))), want = new Float32Array(size(so));
      be.binary(op, view(a), st[0], view(b), st[1], got, so);
      js.binary(op, a, st[0], b, st[1], want, so);
      assertClose(got, want, op === 'pow' || op === 'bceWithLogits' ? 4 : 0, `${op} ${JSON.stringify([sa, sb, so])}`);
    }
  }
});

test('native binary: Math.pow semantics (pow(1, NaN) and pow(-1, Infinity) are NaN)', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const a = new Float32Array([1, -1, 1, NaN, 0, -8, 2]);
  const b = new Float32Array([NaN, Infinity, -Infinity, 0, -1, 1 / 3, 0.5]);
  const got = new Float32Array(7), want = new Float32Array(7);
  be.binary('pow', a, [1], b, [1], got, [7]);
  js.binary('pow', a, [1], b, [1], want, [7]);
  assertClose(got, want, 1, 'pow');
});

test('native binary/where/copy: strides that reach outside an operand throw RangeError', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const a = new Float32Array(6), out = new Float32Array(12);
  assert.throws(() => be.binary('add', a, [3, 1], a, [3, 1], out, [4, 3]), RangeError);
  assert.throws(() => be.binary('add', a, [0, 1], a, [0, 1], new Float32Array(2), [4, 3]), RangeError);
  assert.throws(() => be.copyStrided(a, 1, [-1], out, 0, [1], [3]), RangeError);
  assert.throws(() => be.where(a, [0], a, [0], a, [0], out, [1, 1, 1, 1, 1, 1, 1, 1, 1]), RangeError);
});

test('native where: broadcasting all three operands, NaN condition counts as true', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const cases: [number[], number[], number[], number[]][] = [
    [[3, 5], [3, 5], [3, 5], [3, 5]], [[3, 1], [1, 5], [], [3, 5]], [[2, 3, 4], [4], [3, 1], [2, 3, 4]],
    [[700, 500], [700, 500], [500], [700, 500]],
  ];
  for (const [sc, sa, sb, so] of cases) {
    const c = random(size(sc), 21).map((v, i) => (i % 3 === 0 ? 0 : i % 3 === 1 ? (i % 2 ? NaN : -0) : v));
    const a = random(size(sa), 22), b = random(size(sb), 23);
    const got = view(new Float32Array(size(so))), want = new Float32Array(size(so));
    be.where(view(c), bcast(sc, so), view(a), bcast(sa, so), view(b), bcast(sb, so), got, so);
    js.where(c, bcast(sc, so), a, bcast(sa, so), b, bcast(sb, so), want, so);
    assertClose(got, want, 0, `where ${JSON.stringify([sc, sa, sb, so])}`);
  }
});

test('native copyStrided: transpose, offsets, negative and zero strides, views', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const src = random(5 * 7, 31);
  const cases: [number, number[], number, number[], number[]][] = [
    [0, [7, 1], 0, [1, 5], [5, 7]],           // transpose into a 7×5
    [0, [7, 1], 4, [9, 1], [5, 7]],           // into a padded 5×9 with an offset
    [34, [-7, -1], 0, [7, 1], [5, 7]],        // flip both axes
    [2, [0, 1], 0, [3, 1], [4, 3]],           // broadcast a row
    [0, [1], 0, [1], [0]],
    [6, [], 1, [], []],                       // a scalar
  ];
  for (const [so, ss, dOff, ds, shape] of cases) {
    const dst0 = random(60, 32);
    const got = view(dst0), want = Float32Array.from(dst0);
    be.copyStrided(view(src), so, ss, got, dOff, ds, shape);
    js.copyStrided(src, so, ss, want, dOff, ds, shape);
    assertClose(got, want, 0, `copyStrided ${JSON.stringify([so, ss, dOff, ds, shape])}`);
  }
});

test('native fill: values, -0, NaN, views, large', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  for (const [n, value] of [[10, 3.5], [10, -0], [10, NaN], [0, 1], [3_000_000, 0.25]] as const) {
    const got = view(random(n, 41)), want = new Float32Array(n).fill(value);
    be.fill(got, value);
    assertClose(got, want, 0, `fill ${n} ${value}`);
    assert.equal(new Float32Array(got.buffer)[2], -777, 'fill wrote before its view');
    assert.equal(new Float32Array(got.buffer)[3 + n], -777, 'fill wrote after its view');
  }
});

// ---------------------------------------------------------------- reductions

function subsets(rank: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << rank; mask++) out.push([...Array(rank).keys()].filter((d) => mask & (1 << d)));
  return out;
}

test('native reduce: sum/max/min/prod over every axis subset, size-1 and empty dims, NaN', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const shapes = [[2, 3, 4], [1, 5, 1], [3, 1, 4, 2], [0, 3], [7], [], [300, 257]];
  for (const shape of shapes) {
    const n = size(shape);
    for (const withNaN of [false, true]) {
      const x = random(n, 51 + n).map((v) => v * 3 + 1);
      if (withNaN && n > 5) x[5] = NaN;
      for (const axes of subsets(shape.length)) {
        const outSize = size(shape.filter((_, d) => !axes.includes(d)));
        for (const op of ['sum', 'max', 'min', 'prod'] as const) {
          const got = view(new Float32Array(outSize)), want = new Float32Array(outSize);
          be.reduce(op, view(x), shape, axes, got);
          js.reduce(op, x, shape, axes, want);
          // Both accumulate in float64 (in different orders) and round once: at most an ulp apart.
          assertClose(got, want, 1, `${op} ${JSON.stringify(shape)} axes ${JSON.stringify(axes)}`);
        }
      }
    }
  }
});

test('native argReduce: first occurrence wins, NaN counts as the extreme, every axis', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const shape = [3, 4, 5];
  const x = random(60, 61).map((v) => Math.round(v * 4)); // many ties
  x[7] = NaN; x[30] = Infinity; x[31] = -Infinity;
  for (let axis = 0; axis < 3; axis++) {
    const outSize = 60 / shape[axis]!;
    for (const op of ['max', 'min'] as const) {
      const got = view(new Float32Array(outSize)), want = new Float32Array(outSize);
      be.argReduce(op, view(x), shape, axis, got);
      js.argReduce(op, x, shape, axis, want);
      assertClose(got, want, 0, `arg${op} axis ${axis}`);
    }
  }
});

// ---------------------------------------------------------------- convolution and Adam

test('native im2col/col2im: padding, stride, dilation', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  const geoms: Conv2dGeometry[] = [
    { channels: 3, height: 7, width: 6, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1, outH: 7, outW: 6 },
    { channels: 2, height: 9, width: 8, kernelH: 3, kernelW: 2, strideH: 2, strideW: 3, padH: 2, padW: 0, dilationH: 2, dilationW: 1, outH: 5, outW: 3 },
    { channels: 1, height: 4, width: 4, kernelH: 4, kernelW: 4, strideH: 1, strideW: 1, padH: 0, padW: 0, dilationH: 1, dilationW: 1, outH: 1, outW: 1 },
  ];
  for (const g of geoms) {
    const image = g.channels * g.height * g.width, cols = g.channels * g.kernelH * g.kernelW * g.outH * g.outW;
    const x = random(image, 71);
    const got = view(new Float32Array(cols).fill(9)), want = new Float32Array(cols).fill(9);
    be.im2col(view(x), g, got);
    js.im2col(x, g, want);
    assertClose(got, want, 0, `im2col ${JSON.stringify(g)}`);
    const c = random(cols, 72);
    const img = view(random(image, 73)), wantImg = random(image, 73);
    be.col2im(view(c), g, img);
    js.col2im(c, g, wantImg);
    assertClose(img, wantImg, 0, `col2im ${JSON.stringify(g)}`);
  }
});

test('native adamUpdate: Adam and AdamW match the reference, in views', (t) => {
  const be = nativeOrSkip(t);
  if (be === null) return;
  for (const n of [1, 37, 100_000]) {
    for (const decoupled of [false, true]) {
      const p0 = random(n, 81), g = random(n, 82), m0 = random(n, 83).map((v) => v * 0.1), v0 = random(n, 84).map((v) => v * v);
      const [p, m, v] = [view(p0), view(m0), view(v0)];
      const [pw, mw, vw] = [Float32Array.from(p0), Float32Array.from(m0), Float32Array.from(v0)];
      for (const step of [1, 2, 50]) {
        const s = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step, weightDecay: 0.01, decoupled };
        be.adamUpdate(p, view(g), m, v, s);
        js.adamUpdate(pw, g, mw, vw, s);
      }
      assertClose(p, pw, 1, `adam param n=${n} decoupled=${decoupled}`);
      assertClose(m, mw, 1, 'adam m');
      assertClose(v, vw, 1, 'adam v');
    }
  }
});

// ---------------------------------------------------------------- the shared conformance suite

// The whole conformance suite on every code path this CPU runs (AVX-512, AVX2+FMA, portable C).
if (native !== null) {
  for (const isa of availableIsas()) runBackendConformance(() => native, `native (${isa})`, () => setIsa(isa), () => setIsa('auto'));
}
