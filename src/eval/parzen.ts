/**
 * Parzen-window (Gaussian kernel density) log-likelihood of test points under samples from a generative model,
 * the protocol of Breuleux et al. (2011), Goodfellow et al. (2014, GANs) and Makhzani et al. (2015, AAE):
 *
 *   log p̂(x) = log (1/M) Σᵢ N(x; μᵢ, σ²I) = logmeanexpᵢ(−‖x − μᵢ‖² / 2σ²) − (D/2)·log(2πσ²),
 *
 * with μᵢ M decoded prior samples (10,000 in the papers) and σ chosen by grid search for the best mean
 * log-likelihood on a validation split. NOTE: it is a weak metric (Theis, van den Oord & Bethge 2016): in high
 * dimension it ranks models poorly and even the training data can score badly; report it only next to the papers'.
 */
import type { Tensor } from '../tensor/tensor.js';
import { forEachDistanceBlock } from './neighbors.js';
import { LogMeanExp, meanWithStandardError, type MeanWithError } from './stats.js';

/** Per-point Parzen log-likelihoods of the rows of `points` (N × D) for each σ in `sigmas`: one array per σ. */
export function parzenLogLikelihoods(points: Tensor, centers: Tensor, sigmas: readonly number[]): Float64Array[] {
  for (const s of sigmas) if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`parzen: σ must be a positive number, got ${s}`);
  const n = points.shape[0] ?? 0;
  const m = centers.shape[0] ?? 0;
  if (m === 0) throw new RangeError('parzen: no kernel centres');
  const d = points.shape[1] ?? 0;
  const out = sigmas.map(() => new Float64Array(n));
  const acc = new LogMeanExp();
  forEachDistanceBlock(points, centers, (start, rows, block) => {
    for (let r = 0; r < rows; r++) {
      const row = block.subarray(r * m, (r + 1) * m);
      sigmas.forEach((sigma, si) => {
        const a = -1 / (2 * sigma * sigma);
        acc.reset();
        for (let j = 0; j < m; j++) acc.add(a * row[j]!);
        out[si]![start + r] = acc.value() - 0.5 * d * Math.log(2 * Math.PI * sigma * sigma);
      });
    }
  });
  return out;
}

/** Per-point Parzen log-likelihoods for one σ. */
export function parzenLogLikelihood(points: Tensor, centers: Tensor, sigma: number): Float64Array {
  return parzenLogLikelihoods(points, centers, [sigma])[0]!;
}

export interface ParzenSigmaSearch {
  /** The σ with the best mean validation log-likelihood. */
  sigma: number;
  /** Every σ tried with its mean validation log-likelihood. */
  grid: { sigma: number; validation: number }[];
}

/**
 * σ by grid search on `validation` (N × D): a coarse log-spaced grid over [lo, hi], then a finer one around the
 * best coarse value (the papers cross-validate σ the same way).
 */
export function chooseParzenSigma(validation: Tensor, centers: Tensor, options: { lo?: number; hi?: number; steps?: number } = {}): ParzenSigmaSearch {
  const lo = options.lo ?? 0.05;
  const hi = options.hi ?? 1;
  const steps = options.steps ?? 10;
  const logGrid = (a: number, b: number, k: number) => Array.from({ length: k }, (_, i) => a * (b / a) ** (i / (k - 1)));
  const grid: { sigma: number; validation: number }[] = [];
  const tryAll = (sigmas: number[]) => {
    parzenLogLikelihoods(validation, centers, sigmas).forEach((v, i) => grid.push({ sigma: sigmas[i]!, validation: meanWithStandardError(v).mean }));
  };
  const best = () => grid.reduce((a, b) => (b.validation > a.validation ? b : a));
  tryAll(logGrid(lo, hi, steps));
  const ratio = (hi / lo) ** (1 / (steps - 1));
  const coarse = best().sigma;
  tryAll(logGrid(coarse / ratio, coarse * ratio, 7).filter((s) => !grid.some((g) => Math.abs(g.sigma - s) < 1e-12)));
  grid.sort((a, b) => a.sigma - b.sigma);
  return { sigma: best().sigma, grid };
}

/** Mean test log-likelihood (with its standard error over test points) at σ. */
export function parzenScore(test: Tensor, centers: Tensor, sigma: number): MeanWithError {
  return meanWithStandardError(parzenLogLikelihood(test, centers, sigma));
}
