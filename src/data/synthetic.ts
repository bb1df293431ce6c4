/**
 * Seeded synthetic manifolds for 2-D/3-D experiments and priors: the same options and seed give
 * bit-identical data. Parameterisations follow scikit-learn's make_swiss_roll and make_s_curve; the
 * position t along the manifold is returned as `manifoldPosition` for colouring plots.
 */
import { Generator } from '../tensor/random.js';
import type { Dataset } from './dataset.js';

export interface ManifoldOptions {
  count: number;
  seed: number;
  /** Standard deviation of isotropic Gaussian noise added to every coordinate (default 0). */
  noise?: number;
}

function check(name: string, count: number, noise: number): void {
  if (!Number.isInteger(count) || count <= 0) throw new RangeError(`${name}: count must be a positive integer, got ${count}`);
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new RangeError(`${name}: noise must be a finite number ≥ 0, got ${noise}`);
}

/**
 * Swiss roll: t = 1.5π(1 + 2u), u ~ U[0, 1); 3-D points (t cos t, 21v, t sin t), v ~ U[0, 1).
 * With `dims: 2` the flat spiral (t cos t, t sin t), as used for an adversarial autoencoder's swiss-roll prior.
 */
export function swissRoll(options: ManifoldOptions & { dims?: 2 | 3 }): Dataset {
  const { count, seed, noise = 0, dims = 3 } = options;
  check('swissRoll', count, noise);
  if (dims !== 2 && dims !== 3) throw new RangeError(`swissRoll: dims must be 2 or 3, got ${String(dims)}`);
  const gen = new Generator(seed);
  const images = new Float32Array(count * dims);
  const position = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const t = 1.5 * Math.PI * (1 + 2 * gen.nextDouble());
    const point = dims === 3 ? [t * Math.cos(t), 21 * gen.nextDouble(), t * Math.sin(t)] : [t * Math.cos(t), t * Math.sin(t)];
    for (let j = 0; j < dims; j++) images[i * dims + j] = point[j]! + noise * gen.nextNormal();
    position[i] = t;
  }
  return { name: dims === 3 ? 'swiss-roll' : 'swiss-roll-2d', images, shape: [dims], count, labels: null, numClasses: 0, manifoldPosition: position };
}

/** S-curve: t = 3π(u − ½); points (sin t, 2v, sign(t)(cos t − 1)), u, v ~ U[0, 1). */
export function sCurve(options: ManifoldOptions): Dataset {
  const { count, seed, noise = 0 } = options;
  check('sCurve', count, noise);
  const gen = new Generator(seed);
  const images = new Float32Array(count * 3);
  const position = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const t = 3 * Math.PI * (gen.nextDouble() - 0.5);
    const point = [Math.sin(t), 2 * gen.nextDouble(), Math.sign(t) * (Math.cos(t) - 1)];
    for (let j = 0; j < 3; j++) images[i * 3 + j] = point[j]! + noise * gen.nextNormal();
    position[i] = t;
  }
  return { name: 's-curve', images, shape: [3], count, labels: null, numClasses: 0, manifoldPosition: position };
}

export interface GaussianMixtureOptions {
  count: number;
  seed: number;
  /** Number of components, their means evenly spaced on a circle (default 10). */
  components?: number;
  /** Radius of that circle (default 4). */
  radius?: number;
  /** Standard deviation of each isotropic component (default 0.5). */
  std?: number;
}

/** The mean of component `k` of `components` on a circle of `radius`: angle 2πk / components. */
export function mixtureComponentMean(k: number, components: number, radius: number): [number, number] {
  const angle = (2 * Math.PI * k) / components;
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}

/** A 2-D mixture of equally weighted isotropic Gaussians on a circle; labels are the component indices. */
export function gaussianMixture2d(options: GaussianMixtureOptions): Dataset {
  const { count, seed, components = 10, radius = 4, std = 0.5 } = options;
  check('gaussianMixture2d', count, std);
  if (!Number.isInteger(components) || components <= 0) throw new RangeError(`gaussianMixture2d: components must be a positive integer, got ${components}`);
  if (!(radius >= 0) || !Number.isFinite(radius)) throw new RangeError(`gaussianMixture2d: radius must be a finite number ≥ 0, got ${radius}`);
  const gen = new Generator(seed);
  const images = new Float32Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = gen.nextInt(components);
    const [mx, my] = mixtureComponentMean(k, components, radius);
    images[2 * i] = mx + std * gen.nextNormal();
    images[2 * i + 1] = my + std * gen.nextNormal();
    labels[i] = k;
  }
  return { name: `gaussian-mixture-${components}`, images, shape: [2], count, labels, numClasses: components };
}
