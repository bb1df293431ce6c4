/**
 * The reparameterisation trick (Kingma & Welling 2014, §2.4) in one kernel: z = μ + exp(½·log σ²)·ε, with
 * ε ~ N(0, I) drawn by the caller. The forward also writes ∂z/∂log σ² = ½·σ·ε, so the backward is one multiply
 * (∂μ is the incoming gradient itself); under createGraph the backward is composed from differentiable ops.
 */
import { backend } from '../backend/registry.js';
import { isGradEnabled, record } from '../autograd/grad-mode.js';
import { formatShape, shapesEqual, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './binary.js';
import { affine, exp } from './unary.js';

/** z = mu + exp(½·logVar)·eps, the three of one shape. */
export function reparameterize(mu: Tensor, logVar: Tensor, eps: Tensor): Tensor {
  if (!shapesEqual(mu.shape, logVar.shape) || !shapesEqual(mu.shape, eps.shape)) {
    throw new ShapeError(`reparameterize: mu ${formatShape(mu.shape)}, logVar ${formatShape(logVar.shape)} and eps ${formatShape(eps.shape)} must have one shape`);
  }
  const z = Tensor.uninitialized(mu.shape);
  const dzdLogVar = logVar.requiresGrad && isGradEnabled() ? Tensor.uninitialized(mu.shape) : null;
  backend().reparameterize(mu.data, logVar.data, eps.data, z.data, dzdLogVar === null ? null : dzdLogVar.data);
  return record(z, 'reparameterize', [mu, logVar, eps], (g) => {
    const sigma = (): Tensor => exp(affine(logVar, 0.5, 0));
    let gLogVar: Tensor | null = null;
    if (logVar.requiresGrad) {
      gLogVar = dzdLogVar !== null && !isGradEnabled() ? mul(g, dzdLogVar) : mul(g, mul(affine(sigma(), 0.5, 0), eps));
    }
    return [mu.requiresGrad ? g : null, gLogVar, eps.requiresGrad ? mul(g, sigma()) : null];
  });
}
