import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, test } from 'node:test';
import type { AdamStep, BinaryOp, Conv2dGeometry, ReduceOp, UnaryOp } from './backend.js';
import { JsBackend } from './js-backend.js';
import { runBackendConformance } from '../testing/backend-conformance.js';
import { createWasmBackend, relaxedSimdSupported, type WasmBackend } from './wasm-backend.js';

const js = new JsBackend();
const backends: [string, () => WasmBackend][] = [];
let w1: WasmBackend;
let w2: WasmBackend;

before(async () => {
  w1 = await createWasmBackend({ threads: 1, relaxedSimd: false });
  w2 = await createWasmBackend({ threads: 2 }); // relaxed SIMD where the engine has it
});
backends.push(['1 thread, SIMD128', () => w1], ['2 threads, relaxed SIMD if available', () => w2]);

/** Values from a fixed xorshift stream in [-scale/2, scale/2). */
function random(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; a[i] = ((x >>> 0) / 4294967296 - 0.5) * scale; }
  return a;
}

/** A copy of `values` in `be`'s memory, as a view that starts `offset` elements into its allocation. */
function put(be: WasmBackend, values: Float32Array, offset = 0): Float32Array {
  const a = be.alloc(values.length + offset).subarray(offset);
  a.set(values);
  return a;
}

/** Equal elementwise (NaN matches NaN), within abs + rel·|expected| where given. */
function close(actual: Float32Array, expected: ArrayLike<number>, what: string, rel = 0, abs = 0): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (Number.isNaN(e)) { assert.ok(Number.isNaN(a), `${what}[${i}]: ${a}, expected NaN`); continue; }
    if (a === e) continue;
    assert.ok(Math.abs(a - e) <= abs + rel * Math.abs(e), `${what}[${i}]: ${a}, expected ${e}`);
  }
}

const SPECIAL = Float32Array.from([NaN, 0, -0, Infinity, -Infinity, 1e-30, -1e-30, 0.5, -0.5, 1, -1, 3, -3, 19.9,
  -19.9, 20, -20, 20.5, -20.5, 25, -25, 100, -100, 1e30, -1e30, 88, -88, 0.999, 1.001]);
const INPUT = Float32Array.from([...SPECIAL, ...random(1000, 3, 8)]);
/** Ops computed with one correctly rounded operation (or none): the result must be bit-identical. */
const EXACT_UNARY = new Set<UnaryOp>(['neg', 'sqrt', 'rsqrt', 'abs', 'sign', 'square', 'reciprocal', 'relu', 'step',
  'leakyRelu', 'clamp', 'affine']);
const UNARY_CASES: [UnaryOp, number, number][] = [
  ['neg', 0, 0], ['exp', 0, 0], ['log', 0, 0], ['log1p', 0, 0], ['expm1', 0, 0], ['sqrt', 0, 0], ['rsqrt', 0, 0],
  ['abs', 0, 0], ['sign', 0, 0], ['square', 0, 0], ['reciprocal', 0, 0], ['sigmoid', 0, 0], ['tanh', 0, 0],
  ['relu', 0, 0], ['softplus', 0, 0], ['logSigmoid', 0, 0], ['step', 0, 0], ['leakyRelu', 0.1, 0], ['elu', 1.3, 0],
  ['clamp', -1, 2], ['affine', 2, -3], ['powScalar', 2, 0], ['powScalar', 0.5, 0], ['powScalar', 3, 0],
  ['powScalar', -1.5, 0],
];
const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'gt', 'ge', 'lt', 'le', 'eq', 'ne'];

for (const [label, get] of backends) {
  describe(`WasmBackend (${label})`, () => {
    test('gemm matches the reference on awkward shapes, every transpose, alpha/beta, views and foreign arrays', () => {
      const be = get();
      const shapes = [[1, 1, 1], [7, 13, 17], [5, 3, 1], [4, 8, 256], [33, 65, 300], [13, 9, 3000], [128, 96, 200]];
      const scalars = [[1, 0], [0.5, 1], [-2, 0.25], [0, 0.5]];
      let seed = 1;
      for (const [m, n, k] of shapes) {
        for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
          for (const [alpha, beta] of scalars) {
            const a = random(m! * k!, seed++), b = random(k! * n!, seed++), c0 = random(m! * n!, seed++);
            if (beta === 0) c0.fill(NaN); // beta = 0 must overwrite C, not scale it
            const expected = c0.slice();
            js.gemm(tA!, tB!, m!, n!, k!, alpha!, a, b, beta!, expected);
            // |alpha|·|A||B| + |beta|·|C| bounds the rounding error of a k-term float32 sum: (k + 2)·eps each.
            const bound = beta === 0 ? new Float32Array(m! * n!) : c0.map(Math.abs);
            js.gemm(tA!, tB!, m!, n!, k!, Math.abs(alpha!), a.map(Math.abs), b.map(Math.abs), Math.abs(beta!), bound);
            const variants: [string, Float32Array, Float32Array, Float32Array][] = [
              ['in place', put(be, a), put(be, b), put(be, c0)],
              ['views at offsets', put(be, a, 3), put(be, b, 5), put(be, c0, 1)],
              ['foreign arrays', a, b, c0.slice()],
            ];
            for (const [how, pa, pb, pc] of variants) {
              be.gemm(tA!, tB!, m!, n!, k!, alpha!, pa, pb, beta!, pc);
              const what = `gemm ${m}x${n}x${k} tA=${tA} tB=${tB} alpha=${alpha} beta=${beta} (${how})`;
              for (let i = 0; i < expected.length; i++) {
                const tol = (k! + 2) * 1.2e-7 * bound[i]! + 1e-30;
                assert.ok(Math.abs(pc[i]! - expected[i]!) <= tol, `${what}[${i}]: ${pc[i]} vs ${expected[i]}`);
              }
            }
          }
        }
      }
    });

    test('gemm with k = 0 scales C by beta; alpha = 0 never reads A or B', () => {
      const be = get();
      const c = put(be, Float32Array.from([1, 2, 3, 4]));
      be.gemm(false, false, 2, 2, 0, 1, be.alloc(0), be.alloc(0), 2, c);
      close(c, [2, 4, 6, 8], 'k = 0');
      be.gemm(false, false, 2, 2, 3, 0, put(be, new Float32Array(6).fill(NaN)), put(be, new Float32Array(6).fill(NaN)), 0.5, c);
      close(c, [1, 2, 3, 4], 'alpha = 0');
    });

    test('unary ops match js-kernels, NaN semantics and the softplus tail included', () => {
      const be = get();
      for (const [op, p0, p1] of UNARY_CASES) {
        const expected = new Float32Array(INPUT.length);
        js.unary(op, INPUT, expected, p0, p1);
        const out = be.alloc(INPUT.length);
        be.unary(op, put(be, INPUT, 2), out, p0, p1);
        if (EXACT_UNARY.has(op)) close(out, expected, `${op}(${p0}, ${p1})`);
        else close(out, expected, `${op}(${p0}, ${p1})`, 3e-7, 1e-37);
        const foreign = new Float32Array(INPUT.length);
        be.unary(op, INPUT, foreign, p0, p1);
        close(foreign, out, `${op} on foreign arrays`);
      }
      const tail = Float32Array.from([20.5, 25, 1e6, 88.5]);
      const sp = be.alloc(4);
      be.unary('softplus', put(be, tail), sp);
      assert.deepEqual([...sp], [...tail], 'softplus is exactly linear beyond 20');
      const relu = be.alloc(3);
      be.unary('relu', put(be, Float32Array.from([NaN, -1, 2])), relu);
      assert.ok(Number.isNaN(relu[0]!) && relu[1] === 0 && relu[2] === 2, 'relu propagates NaN');
    });

    test('unary on a large array (split across threads) and in place', () => {
      const be = get();
      const x = random(300_000, 9, 10);
      const expected = new Float32Array(x.length);
      js.unary('tanh', x, expected);
      const xs = put(be, x);
      be.unary('tanh', xs, xs);
      close(xs, expected, 'tanh in place', 3e-7, 1e-37);
    });

    test('binary ops match js-kernels with broadcasting strides and NaN', () => {
      const be = get();
      const shape = [3, 4, 5];
      const a = Float32Array.from([NaN, ...random(59, 21, 6)]);
      const rowB = Float32Array.from([2, NaN, -0.5, 0, 3]);
      const cases: [string, Float32Array, number[], Float32Array, number[]][] = [
        ['same shape', a, [20, 5, 1], random(60, 22, 6), [20, 5, 1]],
        ['row broadcast', a, [20, 5, 1], rowB, [0, 0, 1]],
        ['scalar', a, [20, 5, 1], Float32Array.from([1.5]), [0, 0, 0]],
        ['column against row', random(4, 23, 6), [0, 1, 0], rowB, [0, 0, 1]],
        ['transposed', random(60, 24, 6), [1, 3, 12], a, [20, 5, 1]],
      ];
      for (const op of BINARY_OPS) {
        for (const [how, x, sx, y, sy] of cases) {
          const expected = new Float32Array(60);
          js.binary(op, x, sx, y, sy, expected, shape);
          const out = be.alloc(60);
          be.binary(op, put(be, x, 1), sx, put(be, y, 2), sy, out, shape);
          close(out, expected, `${op} ${how}`, op === 'pow' ? 3e-7 : 0);
        }
      }
      const nan = be.alloc(2);
      be.binary('maximum', put(be, Float32Array.from([NaN, 1])), [1], put(be, Float32Array.from([0, NaN])), [1], nan, [2]);
      assert.ok(Number.isNaN(nan[0]!) && Number.isNaN(nan[1]!), 'maximum propagates NaN from either side');
    });

    test("binary 'bceWithLogits' matches the reference, contiguous, scalar and broadcast", () => {
      const be = get();
      const logits = Float32Array.from([NaN, Infinity, -Infinity, 0, -0, 100, -100, 30, -30, ...random(1991, 25, 60)]);
      const targets = random(2000, 26).map((t) => t + 0.5);
      const cases: [string, Float32Array, number[], Float32Array, number[], number[]][] = [
        ['contiguous', logits, [1], targets, [1], [2000]],
        ['scalar target', logits, [1], Float32Array.of(0.25), [0], [2000]],
        ['row of targets', logits, [50, 1], targets.subarray(0, 50), [0, 1], [40, 50]],
      ];
      for (const [how, x, sx, y, sy, shape] of cases) {
        const expected = new Float32Array(2000), out = be.alloc(2000);
        js.binary('bceWithLogits', x, sx, y, sy, expected, shape);
        be.binary('bceWithLogits', put(be, x, 1), sx, put(be, y), sy, out, shape);
        close(out, expected, `bceWithLogits ${how}`, 2e-6, 1e-30);
      }
    });

    test('where broadcasts all three operands', () => {
      const be = get();
      const cond = Float32Array.from([1, 0, NaN, 0]);
      const x = random(12, 31), y = Float32Array.from([7, 8, 9]);
      const expected = new Float32Array(12);
      js.where(cond, [0, 1], x, [4, 1], y, [1, 0], expected, [3, 4]);
      const out = be.alloc(12);
      be.where(put(be, cond), [0, 1], put(be, x, 3), [4, 1], y, [1, 0], out, [3, 4]);
      close(out, expected, 'where');
    });

    test('copyStrided transposes between offsets and leaves other elements alone', () => {
      const be = get();
      const src = random(40, 41);
      for (const dst of [be.alloc(50), new Float32Array(50)]) {
        dst.fill(-7);
        const expected = dst.slice();
        js.copyStrided(src, 4, [1, 6], expected, 3, [5, 1], [6, 5]);
        be.copyStrided(put(be, src), 4, [1, 6], dst, 3, [5, 1], [6, 5]);
        close(dst, expected, 'copyStrided');
      }
      assert.throws(() => be.copyStrided(be.alloc(4), 0, [1], be.alloc(4), 1, [1], [4]), RangeError);
    });

    test('reduce sums in double and propagates NaN through max/min', () => {
      const be = get();
      const shape = [4, 3, 5];
      const x = random(60, 51, 4);
      const withNaN = x.slice();
      withNaN[17] = NaN;
      for (const op of ['sum', 'max', 'min', 'prod'] as ReduceOp[]) {
        for (const axes of [[0], [1], [2], [0, 2], [0, 1, 2], []]) {
          for (const input of [x, withNaN]) {
            const size = shape.filter((_, d) => !axes.includes(d)).reduce((p, d) => p * d, 1);
            const expected = new Float32Array(size), out = be.alloc(size);
            js.reduce(op, input, shape, axes, expected);
            be.reduce(op, put(be, input, 1), shape, axes, out);
            close(out, expected, `reduce ${op} over [${axes}]`, 1e-6);
          }
        }
      }
    });

    test('argmax/argmin: first occurrence wins and NaN counts as the extreme', () => {
      const be = get();
      const x = Float32Array.from([1, 3, 3, 0, /**/ 2, NaN, 5, NaN, /**/ -1, -1, -2, -2]);
      for (const op of ['max', 'min'] as const) {
        for (const [shape, axis] of [[[3, 4], 1], [[3, 4], 0], [[12], 0], [[3, 2, 2], 1]] as [number[], number][]) {
          const size = x.length / shape[axis]!;
          const expected = new Float32Array(size), out = be.alloc(size);
          js.argReduce(op, x, shape, axis, expected);
          be.argReduce(op, put(be, x, 2), shape, axis, out);
          close(out, expected, `arg${op} [${shape}] axis ${axis}`);
        }
      }
    });

    test('im2col and col2im with padding, stride and dilation', () => {
      const be = get();
      const g: Conv2dGeometry = { channels: 2, height: 7, width: 6, kernelH: 3, kernelW: 2, strideH: 2, strideW: 1,
        padH: 1, padW: 2, dilationH: 2, dilationW: 1, outH: 0, outW: 0 };
      g.outH = Math.floor((g.height + 2 * g.padH - g.dilationH * (g.kernelH - 1) - 1) / g.strideH) + 1;
      g.outW = Math.floor((g.width + 2 * g.padW - g.dilationW * (g.kernelW - 1) - 1) / g.strideW) + 1;
      const x = random(g.channels * g.height * g.width, 61);
      const colsSize = g.channels * g.kernelH * g.kernelW * g.outH * g.outW;
      const expected = new Float32Array(colsSize), cols = be.alloc(colsSize);
      js.im2col(x, g, expected);
      be.im2col(put(be, x, 1), g, cols);
      close(cols, expected, 'im2col');
      const back = new Float32Array(x.length), img = be.alloc(x.length);
      js.col2im(expected, g, back);
      be.col2im(cols, g, img);
      close(img, back, 'col2im', 1e-6);
    });

    test('adamUpdate matches the reference for Adam and AdamW', () => {
      const be = get();
      for (const [n, decoupled] of [[1001, false], [70_000, true]] as [number, boolean][]) {
        const s: AdamStep = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 3, weightDecay: 0.01, decoupled };
        const p = random(n, 71), g = random(n, 72), m = random(n, 73, 0.1), v = random(n, 74, 0.01).map(Math.abs);
        const [pe, me, ve] = [p.slice(), m.slice(), v.slice()];
        js.adamUpdate(pe, g, me, ve, s);
        const [pw, mw, vw] = [put(be, p), put(be, m, 1), v.slice()];
        be.adamUpdate(pw, g, mw, vw, s);
        close(pw, pe, 'adam param', 1e-6, 1e-9);
        close(mw, me, 'adam m', 1e-6, 1e-12);
        close(vw, ve, 'adam v', 1e-6, 1e-12);
      }
    });
  });
}

describe('WasmBackend transcendental functions', () => {
  test('stay within 4 float32 ulp of the reference from subnormals to 1e4, with identical special values', () => {
    const n = 100_000;
    const x = new Float32Array(n).map((_, i) => (i % 2 ? -1 : 1) * 10 ** (-42 + (46 * ((i * 7919) % n)) / n));
    x.set([0, -0, Infinity, -Infinity, NaN, 1, -1, 88.72283, -87.33655, -103.97, 20, -20, 20.5]);
    const ulp = (v: number): number => {
      const f = Float32Array.of(Math.abs(v));
      new Uint32Array(f.buffer)[0]! += 1;
      return f[0]! - Math.abs(v);
    };
    for (const op of ['exp', 'log', 'log1p', 'expm1', 'tanh', 'sigmoid', 'softplus', 'logSigmoid', 'elu'] as UnaryOp[]) {
      const expected = new Float32Array(n), out = w1.alloc(n);
      js.unary(op, x, expected, 1.3);
      w1.unary(op, x, out, 1.3);
      for (let i = 0; i < n; i++) {
        const e = expected[i]!, a = out[i]!;
        if (Number.isNaN(e) || !Number.isFinite(e)) { assert.ok(Object.is(a, e), `${op}(${x[i]}) = ${a}, expected ${e}`); continue; }
        assert.ok(Math.abs(a - e) <= 4 * ulp(e), `${op}(${x[i]}) = ${a}, expected ${e}`);
      }
    }
  });
});

describe('WasmBackend threads', () => {
  test('a process that used worker threads exits on its own', () => {
    const url = new URL('./wasm-backend.js', import.meta.url).href;
    const script = `const { createWasmBackend } = await import(${JSON.stringify(url)});
      const be = await createWasmBackend({ threads: 2 });
      const a = be.alloc(256 * 256).fill(1), c = be.alloc(256 * 256);
      be.gemm(false, false, 256, 256, 256, 1, a, a, 0, c);
      console.log(be.threads, c[0]);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '2 256');
  });

  test('relaxed SIMD is used exactly where the engine validates it', () => {
    assert.equal(w1.isa, 'wasm-simd128');
    assert.equal(w2.isa, relaxedSimdSupported() ? 'wasm-relaxed-simd' : 'wasm-simd128');
  });

  test('results do not depend on the thread count', () => {
    const a = random(200 * 300, 101), b = random(300 * 250, 102), x = random(400_000, 103, 20);
    const c1 = w1.alloc(200 * 250), c2 = w2.alloc(200 * 250);
    w1.gemm(false, true, 200, 250, 300, 1, a, b, 0, c1);
    w2.gemm(false, true, 200, 250, 300, 1, a, b, 0, c2);
    const [s1, s2] = [w1.alloc(x.length), w2.alloc(x.length)];
    w1.unary('softplus', x, s1);
    w2.unary('softplus', x, s2);
    if (w2.isa === w1.isa) assert.deepEqual(c2, c1);
    assert.deepEqual(s2, s1);
  });

  test('setThreads changes the count in effect, within the threads started', () => {
    assert.equal(w2.setThreads(1), 1);
    const a = w2.alloc(300 * 300).fill(1), c = w2.alloc(300 * 300);
    w2.gemm(false, false, 300, 300, 300, 1, a, a, 0, c);
    assert.equal(c[300 * 300 - 1], 300);
    assert.equal(w2.setThreads(8), 2);
    assert.equal(w2.threads, 2);
  });
});

// The shared conformance suite, on one and on two threads.
runBackendConformance(() => w1, 'wasm (1 thread)');
runBackendConformance(() => w2, 'wasm (2 threads)');
