/**
 * The fused training kernels of the TypeScript reference backend (bias + activation forward and backward,
 * per-row BCE from logits, the reparameterisation trick). Each rounds to float32 after every operation exactly
 * where csrc/fused.c computes in float, so the two agree bit for bit except where C calls a transcendental
 * function (within a few ulp there).
 */
import type { Activation } from './op-table.js';
import { ACTIVATION } from './op-table.js';
import { bceWithLogits, sigmoid, unaryFn } from './js-kernels.js';

const f = Math.fround;

/** act'(x) written in terms of y = act(x), in float32 as csrc/fused.c's act_backward. */
const DERIVATIVE_FROM_OUTPUT: { [K in Activation]: (y: number, p0: number) => number } = {
  identity: () => 1,
  relu: (y) => (y > 0 ? 1 : y !== y ? y : 0),
  sigmoid: (y) => f(y * f(1 - y)),
  tanh: (y) => f(1 - f(y * y)),
  leakyRelu: (y, p0) => (y > 0 ? 1 : y !== y ? y : f(p0)),
  elu: (y, p0) => (y > 0 ? 1 : f(y + f(p0))), // α·(eˣ − 1) + α = α·eˣ
  softplus: (y) => f(-Math.expm1(-y)), // 1 − e^(−softplus(x)) = σ(x)
};

export function biasActKernel(x: Float32Array, bias: Float32Array, out: Float32Array, outer: number, channels: number,
  inner: number, act: Activation, p0: number): void {
  const code = ACTIVATION[act].code;
  const fn = code === null ? null : unaryFn(code, p0, 0);
  for (let r = 0; r < outer; r++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c]!;
      const base = (r * channels + c) * inner;
      for (let i = base; i < base + inner; i++) {
        const v = f(x[i]! + b);
        out[i] = fn === null ? v : fn(v);
      }
    }
  }
}

/**
 * One channel's run of gradients summed as csrc/fused.c's run_sum: four partial sums in double (index mod 4),
 * combined as (s0 + s1) + (s2 + s3).
 */
function runSum(g: Float32Array, start: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += g[start + i]!; s1 += g[start + i + 1]!; s2 += g[start + i + 2]!; s3 += g[start + i + 3]!;
  }
  if (i < n) s0 += g[start + i]!;
  if (i + 1 < n) s1 += g[start + i + 1]!;
  if (i + 2 < n) s2 += g[start + i + 2]!;
  return (s0 + s1) + (s2 + s3);
}

export function biasActBackwardKernel(y: Float32Array, dy: Float32Array, dx: Float32Array, dbias: Float32Array | null,
  outer: number, channels: number, inner: number, act: Activation, p0: number): void {
  const d = DERIVATIVE_FROM_OUTPUT[act];
  const n = outer * channels * inner;
  for (let i = 0; i < n; i++) dx[i] = dy[i]! * d(y[i]!, p0);
  if (dbias === null) return;
  for (let c = 0; c < channels; c++) {
    let acc = 0;
    for (let r = 0; r < outer; r++) acc += runSum(dx, (r * channels + c) * inner, inner);
    dbias[c] = acc;
  }
}

/** The `repeats` of bceWithLogitsRows: a positive integer that divides `rows`. */
export function checkRepeats(kernel: string, rows: number, repeats: number): void {
  if (!Number.isInteger(repeats) || repeats < 1 || rows % repeats !== 0) {
    throw new RangeError(`${kernel}: repeats must be a positive integer that divides rows (${rows}), got ${repeats}`);
  }
}

export function bceWithLogitsRowsKernel(x: Float32Array, y: Float32Array, rows: number, cols: number,
  rowLoss: Float32Array, grad: Float32Array | null, repeats = 1): number {
  checkRepeats('bceWithLogitsRows', rows, repeats);
  let outside = 0;
  for (let i = 0; i < (rows / repeats) * cols; i++) if (y[i]! < 0 || y[i]! > 1) outside++;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const t = Math.floor(r / repeats) * cols - r * cols;
    for (let i = r * cols; i < (r + 1) * cols; i++) {
      sum += f(bceWithLogits(x[i]!, y[i + t]!));
      if (grad !== null) grad[i] = f(sigmoid(x[i]!)) - y[i + t]!;
    }
    rowLoss[r] = sum;
  }
  return outside;
}

export function reparameterizeKernel(mu: Float32Array, logVar: Float32Array, eps: Float32Array, z: Float32Array,
  dzdLogVar: Float32Array | null): void {
  for (let i = 0; i < z.length; i++) {
    const s = f(Math.exp(f(0.5 * logVar[i]!)));
    z[i] = mu[i]! + f(s * eps[i]!);
    if (dzdLogVar !== null) dzdLogVar[i] = f(0.5 * s) * eps[i]!;
  }
}
