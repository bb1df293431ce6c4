/**
 * Priors an adversarial autoencoder can impose on its code (Makhzani et al. 2015, §2–3): any distribution we
 * can sample from. With labels, each class gets its own part of the prior (a mixture component, a stretch of
 * the swiss roll), which is how the label-conditioned AAE places each digit in its own region.
 */
import { mixtureComponentMean } from '../../data/synthetic.js';
import { normal } from '../../ops/random.js';
import { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';

export const PRIORS = ['gaussian', 'mixture10', 'swiss-roll'] as const;
export type PriorName = (typeof PRIORS)[number];

/** The 10-component mixture: means on a circle of this radius, isotropic components of this σ. */
export const MIXTURE_COMPONENTS = 10;
export const MIXTURE_RADIUS = 4;
export const MIXTURE_STD = 0.5;
/** The swiss-roll prior is the flat spiral t(cos t, sin t), t ∈ [1.5π, 4.5π], scaled to a radius of at most ~4.7. */
export const SWISS_ROLL_SCALE = 1 / 3;

/** Whether the prior lives in two dimensions only. */
export function priorNeeds2d(prior: PriorName): boolean {
  return prior !== 'gaussian';
}

/**
 * n samples (n × latentDim) of `prior`. `labels` (integer class per sample, or null) pick the component:
 * class k → mixture component k mod 10, or the k-th of `numClasses` equal stretches of the swiss roll.
 */
export function samplePrior(prior: PriorName, n: number, latentDim: number, gen: Generator, labels: ArrayLike<number> | null = null,
  numClasses = 0): Tensor {
  if (prior === 'gaussian') return normal(gen, [n, latentDim]);
  if (latentDim !== 2) throw new RangeError(`samplePrior: the ${prior} prior is 2-D, but the code has ${latentDim} dimensions`);
  const out = new Tensor(new Float32Array(n * 2), [n, 2]);
  for (let i = 0; i < n; i++) {
    const label = labels === null ? null : labels[i]!;
    let x: number;
    let y: number;
    if (prior === 'mixture10') {
      const k = label === null ? gen.nextInt(MIXTURE_COMPONENTS) : label % MIXTURE_COMPONENTS;
      const [mx, my] = mixtureComponentMean(k, MIXTURE_COMPONENTS, MIXTURE_RADIUS);
      x = mx + MIXTURE_STD * gen.nextNormal();
      y = my + MIXTURE_STD * gen.nextNormal();
    } else {
      // As src/data/synthetic.ts's swissRoll (dims 2): t = 1.5π(1 + 2u), u ~ U[0, 1), here u within the label's stretch.
      const u = label === null ? gen.nextDouble() : (label + gen.nextDouble()) / numClasses;
      const t = 1.5 * Math.PI * (1 + 2 * u);
      x = SWISS_ROLL_SCALE * t * Math.cos(t);
      y = SWISS_ROLL_SCALE * t * Math.sin(t);
    }
    out.data[2 * i] = x;
    out.data[2 * i + 1] = y;
  }
  return out;
}
