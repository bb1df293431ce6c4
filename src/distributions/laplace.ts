/**
 * Laplace(μ, b), density e^(−|x − μ|/b) / 2b: the likelihood whose negative log is the L1 loss up to
 * constants (a robust reconstruction loss, less swayed by outliers than the Gaussian's squared error).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { add, div, mul, sub } from '../ops/binary.js';
import { asTensor, full } from '../ops/creation.js';
import { broadcastTo } from '../ops/shape-ops.js';
import { abs, affine, exp, log, neg, square } from '../ops/unary.js';
import type { Generator } from '../tensor/random.js';
import { broadcastShapes, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastWithBatch, Distribution, extendedShape, requirePositive } from './distribution.js';

/** Standard Laplace noise by inverse CDF: ε = −sign(u)·log(1 − 2|u|) with u uniform on (−½, ½). */
function standardLaplace(gen: Generator, shape: Shape): Tensor {
  const out = Tensor.empty(shape);
  for (let i = 0; i < out.size; i++) {
    let v = gen.nextDouble();
    while (v === 0) v = gen.nextDouble(); // NOTE: v = 0 would give |u| = ½ and log 0 = −∞.
    const u = v - 0.5;
    out.data[i] = -Math.sign(u) * Math.log1p(-2 * Math.abs(u));
  }
  return out;
}

export class Laplace extends Distribution {
  readonly loc: Tensor;
  /** b > 0: a fixed number or a tensor that broadcasts with `loc`. */
  readonly scaleParam: Tensor | number;
  readonly batchShape: readonly number[];

  constructor(loc: Tensor | number, scale: Tensor | number) {
    super();
    requirePositive('Laplace', 'scale', scale);
    this.loc = asTensor(loc);
    this.scaleParam = scale;
    this.batchShape = typeof scale === 'number' ? this.loc.shape : broadcastShapes('Laplace', this.loc.shape, scale.shape);
  }

  private batched(x: Tensor | number): Tensor {
    return typeof x === 'number' ? full(this.batchShape, x) : broadcastTo(x, this.batchShape);
  }

  get scale(): Tensor {
    return this.batched(this.scaleParam);
  }

  get mean(): Tensor {
    return this.batched(this.loc);
  }

  get mode(): Tensor {
    return this.mean;
  }

  /** 2b². */
  get variance(): Tensor {
    const b = this.scaleParam;
    return this.batched(typeof b === 'number' ? 2 * b * b : affine(square(b), 2, 0));
  }

  /** log p(x) = −|x − μ|/b − log 2b. */
  logProb(value: Tensor): Tensor {
    broadcastWithBatch('Laplace.logProb', value.shape, this.batchShape);
    const dist = abs(sub(value, this.loc));
    const b = this.scaleParam;
    if (typeof b === 'number') return affine(dist, -1 / b, -Math.log(2 * b));
    return neg(add(div(dist, b), log(affine(b, 2, 0))));
  }

  /** x = μ + b·ε with ε standard Laplace: differentiable w.r.t. μ and b. */
  override rsample(gen: Generator, sampleShape: Shape = []): Tensor {
    const eps = noGrad(() => standardLaplace(gen, extendedShape('Laplace.rsample', sampleShape, this.batchShape)));
    return add(this.loc, mul(this.scaleParam, eps));
  }

  /** H = 1 + log 2b. */
  entropy(): Tensor {
    const b = this.scaleParam;
    return this.batched(typeof b === 'number' ? 1 + Math.log(2 * b) : affine(log(b), 1, 1 + Math.LN2));
  }
}

/** KL(q ‖ p) = log(bp/bq) + |μq − μp|/bp + (bq/bp)·e^(−|μq − μp|/bq) − 1, elementwise over the broadcast batch. */
export function klLaplace(q: Laplace, p: Laplace): Tensor {
  const shape = broadcastShapes('klDivergence(Laplace, Laplace)', q.batchShape, p.batchShape);
  const bq = q.scaleParam;
  const bp = p.scaleParam;
  const gap = abs(sub(q.loc, p.loc));
  const ratio = div(bq, bp);
  const out = add(sub(div(gap, bp), log(ratio)), affine(mul(ratio, exp(neg(div(gap, bq)))), 1, -1));
  return broadcastTo(out, shape);
}
