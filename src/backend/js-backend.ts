/** The pure TypeScript reference backend: correct everywhere, the baseline every faster backend is tested against. */
import type { Activation, AdamStep, Backend, BinaryOp, Conv2dGeometry, ReduceOp, UnaryOp } from './backend.js';
import { bceWithLogitsRowsKernel, biasActBackwardKernel, biasActKernel, reparameterizeKernel } from './js-fused.js';
import { argReduceKernel, binaryKernel, copyStridedKernel, reduceKernel, unaryKernel, whereKernel } from './js-kernels.js';
import { gemmKernel } from './js-gemm.js';

export class JsBackend implements Backend {
  readonly name = 'js';
  readonly threads = 1;

  alloc(size: number): Float32Array {
    return new Float32Array(size);
  }

  fill(out: Float32Array, value: number): void {
    out.fill(value);
  }

  copyStrided(src: Float32Array, srcOffset: number, srcStrides: readonly number[], dst: Float32Array, dstOffset: number,
    dstStrides: readonly number[], shape: readonly number[]): void {
    copyStridedKernel(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape);
  }

  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p0 = 0, p1 = 0): void {
    unaryKernel(op, x, out, p0, p1);
  }

  binary(op: BinaryOp, a: Float32Array, aStrides: readonly number[], b: Float32Array, bStrides: readonly number[],
    out: Float32Array, outShape: readonly number[]): void {
    binaryKernel(op, a, aStrides, b, bStrides, out, outShape);
  }

  where(cond: Float32Array, condStrides: readonly number[], a: Float32Array, aStrides: readonly number[], b: Float32Array,
    bStrides: readonly number[], out: Float32Array, outShape: readonly number[]): void {
    whereKernel(cond, condStrides, a, aStrides, b, bStrides, out, outShape);
  }

  reduce(op: ReduceOp, x: Float32Array, shape: readonly number[], axes: readonly number[], out: Float32Array): void {
    reduceKernel(op, x, shape, axes, out);
  }

  argReduce(op: 'max' | 'min', x: Float32Array, shape: readonly number[], axis: number, out: Float32Array): void {
    argReduceKernel(op, x, shape, axis, out);
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array, b: Float32Array,
    beta: number, c: Float32Array): void {
    gemmKernel(transA, transB, m, n, k, alpha, a, b, beta, c);
  }

  im2col(x: Float32Array, g: Conv2dGeometry, out: Float32Array, images = 1): void {
    const L = g.outH * g.outW, ld = L * images, image = g.channels * g.height * g.width;
    let row = 0;
    for (let c = 0; c < g.channels; c++) {
      for (let ki = 0; ki < g.kernelH; ki++) {
        for (let kj = 0; kj < g.kernelW; kj++, row++) {
          for (let n = 0; n < images; n++) {
            const ro = row * ld + n * L, xo = n * image;
            for (let oy = 0; oy < g.outH; oy++) {
              const y = oy * g.strideH - g.padH + ki * g.dilationH;
              const inRow = y >= 0 && y < g.height;
              for (let ox = 0; ox < g.outW; ox++) {
                const xx = ox * g.strideW - g.padW + kj * g.dilationW;
                out[ro + oy * g.outW + ox] = inRow && xx >= 0 && xx < g.width ? x[xo + (c * g.height + y) * g.width + xx]! : 0;
              }
            }
          }
        }
      }
    }
  }

  col2im(cols: Float32Array, g: Conv2dGeometry, out: Float32Array, images = 1): void {
    const L = g.outH * g.outW, ld = L * images, image = g.channels * g.height * g.width;
    out.fill(0, 0, image * images);
    let row = 0;
    for (let c = 0; c < g.channels; c++) {
      for (let ki = 0; ki < g.kernelH; ki++) {
        for (let kj = 0; kj < g.kernelW; kj++, row++) {
          for (let n = 0; n < images; n++) {
            const ro = row * ld + n * L, xo = n * image;
            for (let oy = 0; oy < g.outH; oy++) {
              const y = oy * g.strideH - g.padH + ki * g.dilationH;
              if (y < 0 || y >= g.height) continue;
              for (let ox = 0; ox < g.outW; ox++) {
                const xx = ox * g.strideW - g.padW + kj * g.dilationW;
                if (xx >= 0 && xx < g.width) out[xo + (c * g.height + y) * g.width + xx]! += cols[ro + oy * g.outW + ox]!;
              }
            }
          }
        }
      }
    }
  }

  /**
   * Adam in float32, every operation rounded as csrc/adam.c does it (and PyTorch's Adam for float32 parameters):
   * g = grad + l2·θ, m = β₁m + (1−β₁)g, v = β₂v + ((1−β₂)g)g, θ = θ·decay − stepSize·(m / (√v·(1/√bc₂) + ε)).
   */
  adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamStep): void {
    const f = Math.fround;
    const bc1 = 1 - Math.pow(s.beta1, s.step);
    const bc2 = 1 - Math.pow(s.beta2, s.step);
    const b1 = f(s.beta1), ob1 = f(1 - s.beta1), b2 = f(s.beta2), ob2 = f(1 - s.beta2);
    const stepSize = f(s.lr / bc1), invSqrtBc2 = f(1 / Math.sqrt(bc2)), eps = f(s.eps);
    const decay = s.decoupled ? f(1 - s.lr * s.weightDecay) : 1;
    const l2 = s.decoupled ? 0 : f(s.weightDecay);
    for (let i = 0; i < param.length; i++) {
      const p = param[i]!;
      const g = f(grad[i]! + f(l2 * p));
      const mi = f(f(b1 * m[i]!) + f(ob1 * g));
      const vi = f(f(b2 * v[i]!) + f(f(ob2 * g) * g));
      m[i] = mi;
      v[i] = vi;
      const denom = f(f(f(Math.sqrt(vi)) * invSqrtBc2) + eps);
      param[i] = f(p * decay) - f(stepSize * f(mi / denom));
    }
  }

  biasAct(x: Float32Array, bias: Float32Array, out: Float32Array, outer: number, channels: number, inner: number,
    act: Activation, p0: number): void {
    biasActKernel(x, bias, out, outer, channels, inner, act, p0);
  }

  biasActBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, dbias: Float32Array | null, outer: number,
    channels: number, inner: number, act: Activation, p0: number): void {
    biasActBackwardKernel(y, dy, dx, dbias, outer, channels, inner, act, p0);
  }

  bceWithLogitsRows(x: Float32Array, y: Float32Array, rows: number, cols: number, rowLoss: Float32Array,
    grad: Float32Array | null, repeats = 1): number {
    return bceWithLogitsRowsKernel(x, y, rows, cols, rowLoss, grad, repeats);
  }

  reparameterize(mu: Float32Array, logVar: Float32Array, eps: Float32Array, z: Float32Array,
    dzdLogVar: Float32Array | null): void {
    reparameterizeKernel(mu, logVar, eps, z, dzdLogVar);
  }
}
