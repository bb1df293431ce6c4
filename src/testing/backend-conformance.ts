/**
 * Backend conformance: every kernel of a candidate backend checked against the JsBackend reference on awkward
 * inputs — 1×1 and prime sizes (7, 13, 17) that are no multiple of a SIMD width, a K = 3000 GEMM, every transpose
 * flag and alpha/beta variant, operands that are subarray views with a nonzero byteOffset inside the backend's own
 * memory, broadcast (zero) strides, NaN and ±∞, and im2col/col2im geometries with stride, padding and dilation.
 *
 * Tolerances (ε = 2⁻²³, float32's machine epsilon):
 * - exact: copies, fill, where, im2col, argmax/argmin, max/min reductions, comparisons, and +, −, ×, ÷, neg, abs,
 *   relu… (IEEE float32 arithmetic is correctly rounded, so any conforming implementation gives the same bits);
 * - transcendental unary ops and pow: 4e-6 relative (≈ 32 ulp, room for SIMD polynomial approximations) plus
 *   1e-30 absolute (a flush-to-zero of σ(−100) ≈ 4e-44 is fine);
 * - sums: (n + 2)·ε·Σ|xᵢ| per output (the worst case of float32 accumulation in any order); prod: (n + 2)·ε relative;
 * - GEMM: 4·√K·ε·|α|·‖A_i‖₂‖B_j‖₂ + 2ε·|β·C_ij| + ε·|C_ij| per element — the statistical error growth of a
 *   float32 dot product of length K (√K, not the K of the worst case, which would hide real errors at K = 3000);
 * - col2im: kh·kw·ε·max|cols| (overlapping patches may be summed in any order);
 * - adamUpdate: exact (it is defined as a sequence of correctly rounded float32 operations);
 * - the fused kernels (backend-conformance-fused.ts): exact without a transcendental function, else as those.
 * NaN must appear exactly where the reference has NaN.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Generator } from '../tensor/random.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, sizeOf } from '../tensor/shape.js';
import type { AdamStep, Backend, Conv2dGeometry, KernelName } from '../backend/backend.js';
import { fusedChecks } from './backend-conformance-fused.js';
import { approxTol, awkwardValues, type Check, EPS, exact, expectClose, place, randomValues } from './backend-conformance-support.js';
import { JsBackend } from '../backend/js-backend.js';
import { BINARY, BINARY_OPS, REDUCE_OPS, UNARY, UNARY_OPS } from '../backend/op-table.js';

const unaryCases = UNARY_OPS.flatMap((op) => {
  const entry: { accuracy: string; cases?: readonly (readonly [number, number])[] } = UNARY[op];
  return (entry.cases ?? [[0, 0]]).map(([p0, p1]) => ({ op, p0, p1, exact: entry.accuracy === 'exact' }));
});

/** im2col/col2im geometries with stride, padding, dilation, 1×1 images and kernels as large as the image. */
const CONV_GEOMETRIES: Conv2dGeometry[] = ([
  { channels: 2, height: 5, width: 7, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padH: 1, padW: 1, dilationH: 1, dilationW: 1 },
  { channels: 3, height: 6, width: 6, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padH: 0, padW: 0, dilationH: 1, dilationW: 1 },
  { channels: 1, height: 7, width: 13, kernelH: 3, kernelW: 2, strideH: 2, strideW: 3, padH: 2, padW: 1, dilationH: 2, dilationW: 1 },
  { channels: 4, height: 1, width: 1, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1, padH: 0, padW: 0, dilationH: 1, dilationW: 1 },
  { channels: 2, height: 4, width: 5, kernelH: 4, kernelW: 5, strideH: 1, strideW: 1, padH: 0, padW: 2, dilationH: 1, dilationW: 1 },
] as Omit<Conv2dGeometry, 'outH' | 'outW'>[]).map((g) => ({
  ...g,
  outH: Math.floor((g.height + 2 * g.padH - g.dilationH * (g.kernelH - 1) - 1) / g.strideH) + 1,
  outW: Math.floor((g.width + 2 * g.padW - g.dilationW * (g.kernelW - 1) - 1) / g.strideW) + 1,
}));

function geometryLabel(g: Conv2dGeometry): string {
  return `${g.channels}×${g.height}×${g.width} kernel ${g.kernelH}×${g.kernelW} stride ${g.strideH}×${g.strideW} pad ${g.padH}×${g.padW} dilation ${g.dilationH}×${g.dilationW}`;
}

/**
 * One check per kernel of the Backend interface (the compiler demands each); each throws an AssertionError when
 * `candidate` disagrees with `reference`.
 */
export const conformanceChecks = {
  alloc(be) {
    for (const n of [1, 7, 1000]) {
      const a = be.alloc(n);
      assert.ok(a instanceof Float32Array && a.length === n, `alloc(${n}) gave ${a.length} floats`);
      assert.ok(a.every((v) => v === 0), `alloc(${n}) is not zero-filled`);
    }
  },

  fill(be) {
    for (const n of [1, 7, 221]) {
      const a = place(be, new Float32Array(n).fill(NaN));
      be.fill(a, -2.5);
      assert.ok(a.every((v) => v === -2.5), `fill(${n})`);
    }
  },

  copyStrided(be, ref) {
    const gen = new Generator(1);
    const shape = [7, 13, 17];
    const src = awkwardValues(gen, sizeOf(shape) + 5);
    const cases: [string, number, number[], number[]][] = [
      ['contiguous', 0, contiguousStrides(shape), shape],
      ['transposed (permuted strides) at an offset', 5, [1, 7, 91], shape],
      ['broadcast (zero strides)', 2, [0, 17, 0], shape],
      ['1×1×1', 4, [0, 0, 0], [1, 1, 1]],
    ];
    for (const [label, offset, strides, sh] of cases) {
      const n = sizeOf(sh);
      const got = place(be, new Float32Array(n + 2).fill(NaN));
      const want = new Float32Array(n + 2).fill(NaN);
      const dstStrides = contiguousStrides(sh);
      be.copyStrided(place(be, src), offset, strides, got, 2, dstStrides, sh);
      ref.copyStrided(src, offset, strides, want, 2, dstStrides, sh);
      expectClose(`copyStrided ${label}`, got, want, exact);
    }
  },

  unary(be, ref) {
    const gen = new Generator(2);
    for (const n of [1, 7, 1003]) {
      const x = awkwardValues(gen, n);
      for (const { op, p0, p1, exact: isExact } of unaryCases) {
        const got = place(be, new Float32Array(n).fill(NaN));
        const want = new Float32Array(n);
        be.unary(op, place(be, x), got, p0, p1);
        ref.unary(op, x, want, p0, p1);
        expectClose(`unary ${op}(${p0}, ${p1}) n=${n}`, got, want, isExact ? exact : approxTol(want));
      }
    }
  },

  binary(be, ref) {
    const gen = new Generator(3);
    const pairs: [number[], number[]][] = [[[1], [1]], [[7, 13], [7, 13]], [[7, 1], [1, 13]], [[], [13, 17]], [[17, 13], []],
      [[3, 1, 5], [4, 5]], [[1, 1003], [1003]]];
    for (const [sa, sb] of pairs) {
      const shape = broadcastShapes('conformance', sa, sb);
      const a = awkwardValues(gen, sizeOf(sa));
      const b = awkwardValues(gen, sizeOf(sb));
      b.reverse();
      const stA = broadcastStrides(sa, shape);
      const stB = broadcastStrides(sb, shape);
      // NOTE: bceWithLogits(a, b) = (max(a, 0) − a·b) + log1p(e^(−|a|)) may cancel for targets outside [0, 1];
      // its error is a few ulp of the terms, so its tolerance is relative to |a| + |a·b| + 1, not to the result.
      const terms = new Float32Array(sizeOf(shape));
      ref.binary('mul', a, stA, b, stB, terms, shape);
      const absA = new Float32Array(sizeOf(shape));
      ref.binary('maximum', a.map(Math.abs), stA, new Float32Array(1), shape.map(() => 0), absA, shape);
      for (const op of BINARY_OPS) {
        const got = place(be, new Float32Array(sizeOf(shape)).fill(NaN));
        const want = new Float32Array(sizeOf(shape));
        be.binary(op, place(be, a), stA, place(be, b), stB, got, shape);
        ref.binary(op, a, stA, b, stB, want, shape);
        const tol = BINARY[op].accuracy === 'exact' ? exact : op === 'bceWithLogits'
          ? (i: number) => 4e-6 * (Math.abs(want[i]!) + absA[i]! + Math.abs(terms[i]!) + 1) : approxTol(want);
        expectClose(`binary ${op} [${sa}] with [${sb}]`, got, want, tol);
      }
    }
  },

  where(be, ref) {
    const gen = new Generator(4);
    const shapes: [number[], number[], number[]][] = [[[7, 13], [7, 13], [7, 13]], [[7, 1], [13], []], [[1, 13], [7, 1], [7, 13]]];
    for (const [sc, sa, sb] of shapes) {
      const shape = broadcastShapes('conformance', sc, sa, sb);
      const c = awkwardValues(gen, sizeOf(sc)).map((v, i) => (i % 3 === 0 ? 0 : v));
      const a = awkwardValues(gen, sizeOf(sa));
      const b = randomValues(gen, sizeOf(sb));
      const args = [broadcastStrides(sc, shape), broadcastStrides(sa, shape), broadcastStrides(sb, shape)] as const;
      const got = place(be, new Float32Array(sizeOf(shape)).fill(NaN));
      const want = new Float32Array(sizeOf(shape));
      be.where(place(be, c), args[0], place(be, a), args[1], place(be, b), args[2], got, shape);
      ref.where(c, args[0], a, args[1], b, args[2], want, shape);
      expectClose(`where [${sc}] [${sa}] [${sb}]`, got, want, exact);
    }
  },

  reduce(be, ref) {
    const gen = new Generator(5);
    const shape = [7, 13, 17];
    const axesChoices = [[], [0], [1], [2], [0, 2], [1, 2], [0, 1, 2]];
    const x = randomValues(gen, sizeOf(shape));
    const withNaN = x.slice();
    withNaN[100] = NaN;
    const abs = x.map(Math.abs);
    for (const axes of axesChoices) {
      const outSize = sizeOf(shape.filter((_, i) => !axes.includes(i)));
      const count = sizeOf(axes.map((a) => shape[a]!));
      const absSum = new Float32Array(outSize);
      ref.reduce('sum', abs, shape, axes, absSum);
      for (const op of REDUCE_OPS) {
        for (const [label, input] of [['', x], [' with a NaN', withNaN]] as const) {
          const got = place(be, new Float32Array(outSize).fill(-7));
          const want = new Float32Array(outSize);
          be.reduce(op, place(be, input), shape, axes, got);
          ref.reduce(op, input, shape, axes, want);
          const tol = op === 'sum' ? (i: number) => (count + 2) * EPS * absSum[i]! * 1.0001
            : op === 'prod' ? (i: number) => (count + 2) * EPS * Math.abs(want[i]!) : exact;
          expectClose(`reduce ${op} over [${axes}]${label}`, got, want, tol);
        }
      }
    }
  },

  argReduce(be, ref) {
    const gen = new Generator(6);
    const shape = [7, 13, 17];
    const x = randomValues(gen, sizeOf(shape)).map((v) => Math.round(v * 2)); // many ties: the first occurrence must win
    x[40] = NaN;
    for (const axis of [0, 1, 2]) {
      for (const op of ['max', 'min'] as const) {
        const outSize = sizeOf(shape) / shape[axis]!;
        const got = place(be, new Float32Array(outSize).fill(-1));
        const want = new Float32Array(outSize);
        be.argReduce(op, place(be, x), shape, axis, got);
        ref.argReduce(op, x, shape, axis, want);
        expectClose(`arg${op} along ${axis}`, got, want, exact);
      }
    }
  },

  gemm(be, ref) {
    const gen = new Generator(7);
    // Skinny shapes too (n or m ≤ 4 run as matrix-vector products): [70, 2, 300], [3, 90, 50], [60, 1, 41], [4, 4, 4];
    // k ≤ 4 with m, n > 4 (rank-k updates, no tiles): [9, 37, 1] to [21, 19, 4], and [128, 520, 2] on two threads;
    // skinny products wider than one block of columns (512) with odd tails: [1100, 3, 9], [2, 1030, 21].
    const sizes: [number, number, number][] = [[1, 1, 1], [7, 13, 17], [17, 7, 13], [33, 65, 17], [16, 16, 16], [1, 64, 1],
      [5, 3, 3000], [2, 9, 1], [70, 2, 300], [3, 90, 50], [60, 1, 41], [4, 4, 4],
      [9, 37, 1], [13, 70, 2], [6, 33, 3], [21, 19, 4], [128, 520, 2], [37, 2, 19], [45, 4, 33], [1100, 3, 9], [2, 1030, 21]];
    const scalars: [number, number][] = [[1, 0], [1, 1], [-0.5, 0.25], [0, 0.5]];
    for (const [m, n, k] of sizes) {
      const a = randomValues(gen, m * k);
      const b = randomValues(gen, k * n);
      const c0 = randomValues(gen, m * n);
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          // Row norms of op(A) and column norms of op(B), for the √K error bound.
          const aNorm = Array.from({ length: m }, (_, i) => Math.hypot(...Array.from({ length: k }, (_, p) => a[tA ? p * m + i : i * k + p]!)));
          const bNorm = Array.from({ length: n }, (_, j) => Math.hypot(...Array.from({ length: k }, (_, p) => b[tB ? j * k + p : p * n + j]!)));
          for (const [alpha, beta] of scalars) {
            // With beta = 0, C is not read: NaN in it must not leak into the result.
            const start = beta === 0 ? new Float32Array(m * n).fill(NaN) : c0;
            const got = place(be, start);
            const want = start.slice();
            be.gemm(tA, tB, m, n, k, alpha, place(be, a), place(be, b), beta, got);
            ref.gemm(tA, tB, m, n, k, alpha, a, b, beta, want);
            expectClose(`gemm ${m}×${n}×${k} transA=${tA} transB=${tB} alpha=${alpha} beta=${beta}`, got, want, (idx) => {
              const i = Math.floor(idx / n);
              const j = idx % n;
              return 4 * Math.sqrt(k) * EPS * Math.abs(alpha) * aNorm[i]! * bNorm[j]! + 2 * EPS * Math.abs(beta * c0[idx]!) + EPS * Math.abs(want[idx]!);
            });
          }
        }
      }
    }
    // NaN in A or B reaches exactly the rows/columns it touches, even through zeros in the other operand.
    const a = new Float32Array([0, 1, 2, 3, NaN, 5]);
    const b = new Float32Array([NaN, 0, 0, 1, 1, 1]);
    for (const [tA, tB] of [[false, false], [true, true]] as const) {
      const got = place(be, new Float32Array(4));
      const want = new Float32Array(4);
      be.gemm(tA, tB, 2, 2, 3, 1, place(be, a), place(be, b), 0, got);
      ref.gemm(tA, tB, 2, 2, 3, 1, a, b, 0, want);
      expectClose(`gemm NaN propagation transA=${tA} transB=${tB}`, got, want, (i) => 4 * EPS * Math.abs(want[i]!));
    }
  },

  im2col(be, ref) {
    const gen = new Generator(8);
    for (const g of CONV_GEOMETRIES) {
      for (const images of [1, 3]) {
        const x = awkwardValues(gen, g.channels * g.height * g.width * images);
        const colSize = g.channels * g.kernelH * g.kernelW * g.outH * g.outW * images;
        const got = place(be, new Float32Array(colSize).fill(NaN));
        const want = new Float32Array(colSize);
        be.im2col(place(be, x), g, got, images);
        ref.im2col(x, g, want, images);
        expectClose(`im2col ${geometryLabel(g)} ×${images}`, got, want, exact);
      }
    }
  },

  col2im(be, ref) {
    const gen = new Generator(18);
    for (const g of CONV_GEOMETRIES) {
      for (const images of [1, 3]) {
        const image = g.channels * g.height * g.width * images;
        const cols = randomValues(gen, g.channels * g.kernelH * g.kernelW * g.outH * g.outW * images);
        const maxAbs = cols.reduce((p, v) => Math.max(p, Math.abs(v)), 0);
        const got = place(be, new Float32Array(image).fill(NaN));
        const want = new Float32Array(image);
        be.col2im(place(be, cols), g, got, images);
        ref.col2im(cols, g, want, images);
        expectClose(`col2im ${geometryLabel(g)} ×${images}`, got, want, () => g.kernelH * g.kernelW * EPS * maxAbs);
      }
    }
  },

  adamUpdate(be, ref) {
    const gen = new Generator(9);
    const steps: AdamStep[] = [
      { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1, weightDecay: 0, decoupled: false },
      { lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, step: 10, weightDecay: 0.01, decoupled: false },
      { lr: 3e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, step: 1000, weightDecay: 0.05, decoupled: true },
    ];
    for (const n of [1, 7, 1003]) {
      for (const s of steps) {
        const param = randomValues(gen, n);
        const grad = randomValues(gen, n, 0.1);
        const m = randomValues(gen, n, 0.01);
        const v = randomValues(gen, n, 0.001).map((x) => x * x);
        const [bp, bm, bv] = [place(be, param), place(be, m), place(be, v)];
        const [rp, rm, rv] = [param.slice(), m.slice(), v.slice()];
        be.adamUpdate(bp, place(be, grad), bm, bv, s);
        ref.adamUpdate(rp, grad, rm, rv, s);
        const label = `adamUpdate n=${n} step=${s.step} decoupled=${s.decoupled}`;
        expectClose(`${label} m`, bm, rm, exact);
        expectClose(`${label} v`, bv, rv, exact);
        expectClose(`${label} param`, bp, rp, exact);
      }
    }
  },

  ...fusedChecks,
} satisfies Record<KernelName, Check>;

/**
 * Registers one node:test test per kernel, comparing the backend `make()` returns with JsBackend. `prepare`
 * runs before each check (to force a code path, say) and `cleanup` after the last.
 */
export function runBackendConformance(make: () => Backend, label: string, prepare?: () => void, cleanup?: () => void): void {
  describe(`backend conformance: ${label}`, () => {
    let candidate: Backend | null = null;
    const reference = new JsBackend();
    for (const [name, check] of Object.entries(conformanceChecks) as [KernelName, Check][]) {
      it(name, () => {
        candidate ??= make();
        prepare?.();
        check(candidate, reference);
      });
    }
    if (cleanup) after(cleanup);
  });
}
