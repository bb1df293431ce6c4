/**
 * The kernel interface every backend implements. Ops (src/ops) call these kernels and own the autodiff;
 * a backend only computes. All arrays are float32, row-major and passed as `Float32Array` views, so a
 * backend that keeps its own memory (WebAssembly) can hand out views of that memory from `alloc` and then
 * address operands in place, without copies; a backend that reads any ArrayBuffer (a native addon) can use
 * plain arrays. Kernels never allocate their outputs: the caller passes `out`.
 *
 * Strides are in elements. Broadcasting kernels receive, for each input, its strides in the *output's*
 * shape, with 0 on stretched dimensions (see `broadcastStrides`).
 *
 * The op names the kernels take come from one table (op-table.ts); `KernelName` lists the kernels themselves,
 * and the conformance suite (conformance.ts) must have a check for each.
 */

import type { Activation, BinaryOp, ReduceOp, UnaryOp } from './op-table.js';

export type { Activation, BinaryOp, ReduceOp, UnaryOp } from './op-table.js';

export interface Conv2dGeometry {
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  outH: number;
  outW: number;
}

export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1-based step count, for bias correction. */
  step: number;
  weightDecay: number;
  /** AdamW (decoupled decay, Loshchilov & Hutter 2019) when true, L2-in-gradient Adam when false. */
  decoupled: boolean;
}

export interface Backend {
  readonly name: string;
  /** Number of worker threads the kernels use. */
  readonly threads: number;
  /**
   * An array of `size` floats that the kernels can address directly: zero-filled, or with unspecified contents
   * when `zero` is false (for an output a kernel overwrites entirely; a backend may then skip the zeroing).
   */
  alloc(size: number, zero?: boolean): Float32Array;

  /** out[i] = value */
  fill(out: Float32Array, value: number): void;
  /** n-d strided copy: dst[dstOffset + Σ i_k·dstStrides_k] = src[srcOffset + Σ i_k·srcStrides_k] over `shape`. */
  copyStrided(
    src: Float32Array, srcOffset: number, srcStrides: readonly number[],
    dst: Float32Array, dstOffset: number, dstStrides: readonly number[],
    shape: readonly number[],
  ): void;

  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p0?: number, p1?: number): void;
  binary(
    op: BinaryOp,
    a: Float32Array, aStrides: readonly number[],
    b: Float32Array, bStrides: readonly number[],
    out: Float32Array, outShape: readonly number[],
  ): void;
  /** out = cond != 0 ? a : b, broadcasting all three. */
  where(
    cond: Float32Array, condStrides: readonly number[],
    a: Float32Array, aStrides: readonly number[],
    b: Float32Array, bStrides: readonly number[],
    out: Float32Array, outShape: readonly number[],
  ): void;
  /** Reduces `x` of `shape` over the sorted `axes`; `out` has the reduced shape (size = product of kept dims). */
  reduce(op: ReduceOp, x: Float32Array, shape: readonly number[], axes: readonly number[], out: Float32Array): void;
  /** Index (as a float) of the max/min along `axis`; first occurrence wins; NaN counts as the max. */
  argReduce(op: 'max' | 'min', x: Float32Array, shape: readonly number[], axis: number, out: Float32Array): void;

  /**
   * C = alpha · op(A) · op(B) + beta · C, row-major, op(A) is m×k and op(B) is k×n.
   * A is stored m×k (k×m when transA), B is k×n (n×k when transB), C is m×n, all contiguous.
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, b: Float32Array, beta: number, c: Float32Array): void;

  /**
   * `images` C×H×W images, one after another (default 1), to columns ((C·kh·kw) × (images·outH·outW)), image n's
   * starting at column n·outH·outW, so that one GEMM covers the batch; zero padding.
   */
  im2col(x: Float32Array, g: Conv2dGeometry, out: Float32Array, images?: number): void;
  /** The adjoint of im2col: writes the images (zeroed, then every column added back onto its pixel). */
  col2im(cols: Float32Array, g: Conv2dGeometry, out: Float32Array, images?: number): void;

  /** One fused Adam/AdamW update of `param` in place, with moment buffers m and v. */
  adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamStep): void;

  /**
   * out = act(x + bias) over x viewed as outer×channels×inner, bias (channels) broadcast over outer and inner:
   * inner = 1 for a dense layer's N×out output, H·W for a convolution's N×C×H×W. p0 is leakyRelu's slope or
   * elu's α. `out` may be `x`.
   */
  biasAct(x: Float32Array, bias: Float32Array, out: Float32Array, outer: number, channels: number, inner: number,
    act: Activation, p0: number): void;
  /**
   * The backward of `biasAct`, from its output y: dx = dy · act'(x) (act' written in terms of y), and, when
   * `dbias` is not null, dbias = Σ over outer and inner of dx (accumulated in double). `dx` may be `dy`.
   */
  biasActBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, dbias: Float32Array | null, outer: number,
    channels: number, inner: number, act: Activation, p0: number): void;
  /**
   * Binary cross-entropy from logits summed per row: rowLoss[r] = Σ_c bce(x[r,c], y[⌊r/repeats⌋,c]) (accumulated
   * in double) for x of rows×cols and y of (rows/repeats)×cols (`repeats`, default 1, divides rows: K samples
   * scored against one target row without copying it); when `grad` is not null it receives ∂rowLoss/∂x = σ(x) − y.
   * Returns how many of y's values lie outside [0, 1] (NaN not counted), which a Bernoulli likelihood refuses.
   */
  bceWithLogitsRows(x: Float32Array, y: Float32Array, rows: number, cols: number, rowLoss: Float32Array,
    grad: Float32Array | null, repeats?: number): number;
  /**
   * The reparameterisation trick (Kingma & Welling 2014): z = μ + exp(½·logVar)·ε; when `dzdLogVar` is not
   * null it receives ∂z/∂logVar = ½·exp(½·logVar)·ε.
   */
  reparameterize(mu: Float32Array, logVar: Float32Array, eps: Float32Array, z: Float32Array,
    dzdLogVar: Float32Array | null): void;
}

/** The kernels of a backend (every member but its name and thread count). */
export type KernelName = Exclude<keyof Backend, 'name' | 'threads'>;
