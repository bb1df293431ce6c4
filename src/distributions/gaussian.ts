/**
 * The diagonal Gaussian N(μ, σ²): the decoder distribution behind MSE and the VAE's encoder q(z | x).
 *
 * σ comes in one of three forms, each kept as given so no precision is lost converting between them:
 * a fixed number (a homoscedastic decoder), a tensor of scales, or a tensor of log-variances
 * (`Normal.fromLogVar`, what a VAE encoder outputs: unconstrained, and log σ² enters log p directly).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { add, div, mul, sub } from '../ops/binary.js';
import { asTensor, full } from '../ops/creation.js';
import { normal } from '../ops/random.js';
import { reparameterize } from '../ops/reparameterize.js';
import { broadcastTo } from '../ops/shape-ops.js';
import { affine, exp, expm1, log, neg, square } from '../ops/unary.js';
import type { Generator } from '../tensor/random.js';
import { broadcastShapes, shapesEqual, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastWithBatch, Distribution, extendedShape, LOG_2PI, requirePositive } from './distribution.js';

type Spread =
  | { kind: 'fixed'; sigma: number }
  | { kind: 'scale'; scale: Tensor }
  | { kind: 'logVar'; logVar: Tensor };

export class Normal extends Distribution {
  readonly loc: Tensor;
  readonly batchShape: readonly number[];
  private readonly spread: Spread;

  /**
   * N(loc, scale²): `scale` is σ > 0 as a fixed number or a tensor, or `{ logVar }` for the log-variance form;
   * each broadcasts with `loc`.
   */
  constructor(loc: Tensor | number, scale: Tensor | number | { logVar: Tensor | number }) {
    super();
    this.loc = asTensor(loc);
    if (typeof scale === 'number' || scale instanceof Tensor) {
      requirePositive('Normal', 'scale', scale);
      this.spread = typeof scale === 'number' ? { kind: 'fixed', sigma: scale } : { kind: 'scale', scale };
    } else {
      this.spread = { kind: 'logVar', logVar: asTensor(scale.logVar) };
    }
    const s = this.spread;
    this.batchShape = s.kind === 'fixed' ? this.loc.shape
      : broadcastShapes('Normal', this.loc.shape, s.kind === 'scale' ? s.scale.shape : s.logVar.shape);
  }

  /** N(loc, exp(logVar)): the learned-variance form, as a VAE encoder or a heteroscedastic decoder outputs it. */
  static fromLogVar(loc: Tensor | number, logVar: Tensor | number): Normal {
    return new Normal(loc, { logVar });
  }

  /** log σ² as a tensor or, for a fixed σ, a number (ops accept either). */
  logVarOperand(): Tensor | number {
    const s = this.spread;
    return s.kind === 'fixed' ? 2 * Math.log(s.sigma) : s.kind === 'scale' ? affine(log(s.scale), 2, 0) : s.logVar;
  }

  private scaleOperand(): Tensor | number {
    const s = this.spread;
    return s.kind === 'fixed' ? s.sigma : s.kind === 'scale' ? s.scale : exp(affine(s.logVar, 0.5, 0));
  }

  private varianceOperand(): Tensor | number {
    const s = this.spread;
    return s.kind === 'fixed' ? s.sigma * s.sigma : s.kind === 'scale' ? square(s.scale) : exp(s.logVar);
  }

  private batched(x: Tensor | number): Tensor {
    return typeof x === 'number' ? full(this.batchShape, x) : broadcastTo(x, this.batchShape);
  }

  get scale(): Tensor {
    return this.batched(this.scaleOperand());
  }

  get logVar(): Tensor {
    return this.batched(this.logVarOperand());
  }

  get mean(): Tensor {
    return this.batched(this.loc);
  }

  get mode(): Tensor {
    return this.mean;
  }

  get variance(): Tensor {
    return this.batched(this.varianceOperand());
  }

  /** log N(x; μ, σ²) = −½[(x − μ)²/σ² + log σ² + log 2π], using log σ² directly when that is the parameter. */
  logProb(value: Tensor): Tensor {
    broadcastWithBatch('Normal.logProb', value.shape, this.batchShape);
    const diff = sub(value, this.loc);
    const s = this.spread;
    if (s.kind === 'fixed') {
      return affine(square(diff), -0.5 / (s.sigma * s.sigma), -Math.log(s.sigma) - 0.5 * LOG_2PI);
    }
    if (s.kind === 'scale') {
      return sub(affine(square(div(diff, s.scale)), -0.5, -0.5 * LOG_2PI), log(s.scale));
    }
    // NOTE: exp(−log σ²) rather than 1/exp(log σ²): a large log-variance underflows to 0, not to 1/∞ · ∞.
    return affine(add(mul(square(diff), exp(neg(s.logVar))), s.logVar), -0.5, -0.5 * LOG_2PI);
  }

  /** z = μ + σ·ε with ε ~ N(0, I): gradients reach μ and σ (∂z/∂μ = 1, ∂z/∂σ = ε). */
  override rsample(gen: Generator, sampleShape: Shape = []): Tensor {
    const eps = noGrad(() => normal(gen, extendedShape('Normal.rsample', sampleShape, this.batchShape)));
    const s = this.spread;
    // A VAE encoder's posterior (log-variance form, no broadcasting): one fused kernel.
    if (s.kind === 'logVar' && shapesEqual(this.loc.shape, eps.shape) && shapesEqual(s.logVar.shape, eps.shape)) {
      return reparameterize(this.loc, s.logVar, eps);
    }
    return add(this.loc, mul(this.scaleOperand(), eps));
  }

  /** H = ½ log(2πe σ²). */
  entropy(): Tensor {
    const lv = this.logVarOperand();
    const c = 0.5 * (1 + LOG_2PI);
    return this.batched(typeof lv === 'number' ? 0.5 * lv + c : affine(lv, 0.5, c));
  }
}

/**
 * KL(q ‖ p) between diagonal Gaussians, elementwise over the broadcast batch (sum over the latent axis yourself):
 * ½[σq²/σp² − log(σq²/σp²) − 1 + (μq − μp)²/σp²].
 * Computed as ½[expm1(d) − d + (μq − μp)²·e^(−log σp²)] with d = log σq² − log σp², which is ≥ 0 even after
 * float32 rounding and exactly 0 for q = p.
 */
export function klNormal(q: Normal, p: Normal): Tensor {
  broadcastWithBatch('klDivergence(Normal, Normal)', q.batchShape, p.batchShape);
  const lq = q.logVarOperand();
  const lp = p.logVarOperand();
  const d = sub(lq, lp);
  const meanTerm = mul(square(sub(q.loc, p.loc)), typeof lp === 'number' ? Math.exp(-lp) : exp(neg(lp)));
  const out = affine(add(sub(expm1(d), d), meanTerm), 0.5, 0);
  return broadcastTo(out, broadcastShapes('klDivergence', q.batchShape, p.batchShape));
}

/**
 * KL(N(μ, σ²) ‖ N(0, 1)) = ½(μ² + σ² − log σ² − 1) elementwise, from the encoder's mean and log-variance
 * (Kingma & Welling 2014, appendix B; the VAE sums it over the latent axis). Written ½(μ² + expm1(log σ²) − log σ²).
 */
export function klStandardNormal(mu: Tensor, logVar: Tensor): Tensor {
  broadcastWithBatch('klStandardNormal', mu.shape, logVar.shape);
  return affine(add(square(mu), sub(expm1(logVar), logVar)), 0.5, 0);
}
