/** Elementwise, broadcasting and reduction kernels of the pure TypeScript reference backend. */
import type { BinaryOp, ReduceOp, UnaryOp } from './op-table.js';

const LOG1P_EXP_TAIL = 20; // NOTE: softplus(x) == x in float32 for x > ~17; beyond 20 use the linear tail exactly.

export function softplus(x: number): number {
  return x > LOG1P_EXP_TAIL ? x : x < -LOG1P_EXP_TAIL ? Math.exp(x) : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function sigmoid(x: number): number {
  // Stable in both tails: never exponentiates a large positive number.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Binary cross-entropy of logit a against target b, −[b·logσ(a) + (1 − b)·logσ(−a)], in the stable form. */
export function bceWithLogits(a: number, b: number): number {
  return Math.max(a, 0) - a * b + Math.log1p(Math.exp(-Math.abs(a)));
}

type UnaryRule = (p0: number, p1: number) => (x: number) => number;

/** Each unary op of the table as a scalar function of x (given its parameters); the compiler demands one per op. */
const UNARY_FN: { [K in UnaryOp]: UnaryRule } = {
  neg: () => (x) => -x,
  exp: () => Math.exp,
  log: () => Math.log,
  log1p: () => Math.log1p,
  expm1: () => Math.expm1,
  sqrt: () => Math.sqrt,
  rsqrt: () => (x) => 1 / Math.sqrt(x),
  abs: () => Math.abs,
  sign: () => (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // keeps NaN and ±0
  square: () => (x) => x * x,
  reciprocal: () => (x) => 1 / x,
  sigmoid: () => sigmoid,
  tanh: () => Math.tanh,
  relu: () => (x) => (x > 0 ? x : x !== x ? x : 0),
  softplus: () => softplus,
  logSigmoid: () => (x) => -softplus(-x),
  step: () => (x) => (x > 0 ? 1 : x !== x ? x : 0),
  leakyRelu: (p0) => (x) => (x > 0 ? x : x * p0),
  elu: (p0) => (x) => (x > 0 ? x : p0 * Math.expm1(x)),
  clamp: (p0, p1) => (x) => (x < p0 ? p0 : x > p1 ? p1 : x),
  affine: (p0, p1) => (x) => p0 * x + p1,
  powScalar: (p0) => (p0 === 2 ? (x) => x * x : p0 === 0.5 ? Math.sqrt : (x) => Math.pow(x, p0)),
};

export function unaryFn(op: UnaryOp, p0: number, p1: number): (x: number) => number {
  return UNARY_FN[op](p0, p1);
}

/** Each binary op of the table as a scalar function. */
const BINARY_FN: { [K in BinaryOp]: (a: number, b: number) => number } = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: Math.pow,
  // NaN propagates through maximum/minimum, as in NumPy and PyTorch.
  maximum: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b),
  minimum: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  bceWithLogits,
};

export function binaryFn(op: BinaryOp): (a: number, b: number) => number {
  return BINARY_FN[op];
}

export function unaryKernel(op: UnaryOp, x: Float32Array, out: Float32Array, p0 = 0, p1 = 0): void {
  const n = out.length;
  switch (op) {
    // The hottest cases get a loop of their own; the rest go through a closure.
    case 'neg': for (let i = 0; i < n; i++) out[i] = -x[i]!; return;
    case 'relu': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : v !== v ? v : 0; } return;
    case 'square': for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v * v; } return;
    case 'affine': for (let i = 0; i < n; i++) out[i] = p0 * x[i]! + p1; return;
    default: {
      const f = unaryFn(op, p0, p1);
      for (let i = 0; i < n; i++) out[i] = f(x[i]!);
    }
  }
}

/** Calls `visit(outIndex, aIndex, bIndex)` over an n-d index space with two sets of input strides. */
function forEachIndex2(shape: readonly number[], sa: readonly number[], sb: readonly number[],
  visit: (o: number, ia: number, ib: number) => void): void {
  const rank = shape.length;
  const n = shape.reduce((p, d) => p * d, 1);
  if (n === 0) return;
  if (rank === 0) { visit(0, 0, 0); return; }
  const idx = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const dLast = shape[last]!, saLast = sa[last]!, sbLast = sb[last]!;
  let ia = 0, ib = 0, o = 0;
  while (o < n) {
    for (let j = 0; j < dLast; j++) visit(o++, ia + j * saLast, ib + j * sbLast);
    // Carry into the outer dimensions.
    let k = last - 1;
    while (k >= 0) {
      idx[k]!++;
      ia += sa[k]!;
      ib += sb[k]!;
      if (idx[k]! < shape[k]!) break;
      ia -= sa[k]! * shape[k]!;
      ib -= sb[k]! * shape[k]!;
      idx[k] = 0;
      k--;
    }
    if (k < 0) break;
  }
}

export function binaryKernel(op: BinaryOp, a: Float32Array, sa: readonly number[], b: Float32Array, sb: readonly number[],
  out: Float32Array, shape: readonly number[]): void {
  const n = out.length;
  const aFull = a.length === n && isContiguous(sa, shape);
  const bFull = b.length === n && isContiguous(sb, shape);
  const bScalar = sb.every((s) => s === 0);
  if (aFull && bFull) {
    switch (op) {
      case 'add': for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!; return;
      case 'sub': for (let i = 0; i < n; i++) out[i] = a[i]! - b[i]!; return;
      case 'mul': for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!; return;
      case 'div': for (let i = 0; i < n; i++) out[i] = a[i]! / b[i]!; return;
      default: { const f = binaryFn(op); for (let i = 0; i < n; i++) out[i] = f(a[i]!, b[i]!); return; }
    }
  }
  if (aFull && bScalar) {
    const s = b[0]!;
    switch (op) {
      case 'add': for (let i = 0; i < n; i++) out[i] = a[i]! + s; return;
      case 'mul': for (let i = 0; i < n; i++) out[i] = a[i]! * s; return;
      default: { const f = binaryFn(op); for (let i = 0; i < n; i++) out[i] = f(a[i]!, s); return; }
    }
  }
  const f = binaryFn(op);
  forEachIndex2(shape, sa, sb, (o, ia, ib) => { out[o] = f(a[ia]!, b[ib]!); });
}

export function whereKernel(c: Float32Array, sc: readonly number[], a: Float32Array, sa: readonly number[],
  b: Float32Array, sb: readonly number[], out: Float32Array, shape: readonly number[]): void {
  // Read the condition through a temporary whose strides match `a`, so one two-stride walk suffices.
  const cond = new Float32Array(out.length);
  copyStridedKernel(c, 0, sc, cond, 0, contiguous(shape), shape);
  const pickA = new Float32Array(out.length);
  copyStridedKernel(a, 0, sa, pickA, 0, contiguous(shape), shape);
  forEachIndex2(shape, contiguous(shape), sb, (o, _ia, ib) => { out[o] = cond[o] !== 0 ? pickA[o]! : b[ib]!; });
}

export function copyStridedKernel(src: Float32Array, srcOffset: number, ss: readonly number[],
  dst: Float32Array, dstOffset: number, ds: readonly number[], shape: readonly number[]): void {
  forEachIndex2(shape, ss, ds, (_o, is, id) => { dst[dstOffset + id] = src[srcOffset + is]!; });
}

export function reduceKernel(op: ReduceOp, x: Float32Array, shape: readonly number[], axes: readonly number[], out: Float32Array): void {
  const init = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
  // Accumulate in float64 so long sums do not lose precision.
  const acc = new Float64Array(out.length).fill(init);
  const outStrides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (!axes.includes(i)) { outStrides[i] = s; s *= shape[i]!; }
  }
  const inStrides = contiguous(shape);
  switch (op) {
    case 'sum': forEachIndex2(shape, inStrides, outStrides, (_o, ix, io) => { acc[io] += x[ix]!; }); break;
    case 'prod': forEachIndex2(shape, inStrides, outStrides, (_o, ix, io) => { acc[io] *= x[ix]!; }); break;
    case 'max': forEachIndex2(shape, inStrides, outStrides, (_o, ix, io) => {
      const v = x[ix]!; if (v > acc[io]! || v !== v) acc[io] = v; }); break;
    case 'min': forEachIndex2(shape, inStrides, outStrides, (_o, ix, io) => {
      const v = x[ix]!; if (v < acc[io]! || v !== v) acc[io] = v; }); break;
  }
  // NaN must stick once seen in max/min; the comparisons above re-set it, and NaN > y is false afterwards.
  if (op === 'max' || op === 'min') {
    forEachIndex2(shape, inStrides, outStrides, (_o, ix, io) => { if (x[ix] !== x[ix]) acc[io] = NaN; });
  }
  for (let i = 0; i < out.length; i++) out[i] = acc[i]!;
}

export function argReduceKernel(op: 'max' | 'min', x: Float32Array, shape: readonly number[], axis: number, out: Float32Array): void {
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const len = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = x[base]!;
      let bestIdx = 0;
      for (let j = 1; j < len && best === best; j++) {
        const v = x[base + j * inner]!;
        if (v !== v || (op === 'max' ? v > best : v < best)) { best = v; bestIdx = j; }
      }
      out[o * inner + i] = bestIdx;
    }
  }
}

export function contiguous(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) { st[i] = s; s *= shape[i]!; }
  return st;
}

function isContiguous(strides: readonly number[], shape: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && strides[i] !== s) return false;
    s *= shape[i]!;
  }
  return true;
}
