/**
 * Per-sample anomaly scores, in nats: the higher, the less the model believes the sample came from its training
 * distribution (the manifold hypothesis: density falls off quickly away from the data's manifold).
 *
 * - 'reconstruction': −log p(x | z = encode(x)), the decoder's likelihood of x at the code (posterior mean for
 *   variational models). Every model has it.
 * - 'negative-elbo': −ELBO = E_q[−log p(x | z)] + KL(q(z | x) ‖ p(z)) (`negativeElbo`), the expectation over
 *   `samples` draws z ~ q(z | x) from each input's own stream, the KL in closed form (a model with several
 *   stochastic layers: the Monte Carlo −ELBO over all of them). Variational models only.
 * - 'iw-nll': the importance-weighted estimate of −log p(x) (Burda et al. 2016; `importanceWeightedNll`) with
 *   K = `samples`: it tightens towards −log p(x) as K grows. Variational models only.
 *
 * Conditional models score x under its given label.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { sampleSize } from '../data/dataset.js';
import { isVariational, type Autoencoder } from '../models/autoencoder.js';
import { Tensor } from '../tensor/tensor.js';
import { negativeElbo } from './elbo.js';
import { importanceWeightedNll } from './importance-weighted.js';

export const ANOMALY_SCORES = ['reconstruction', 'negative-elbo', 'iw-nll'] as const;
export type AnomalyScoreName = (typeof ANOMALY_SCORES)[number];

/** What each score is, for legends and help texts. */
export const ANOMALY_SCORE_TITLES: Record<AnomalyScoreName, string> = {
  'reconstruction': 'reconstruction NLL −log p(x | z(x))',
  'negative-elbo': '−ELBO',
  'iw-nll': 'importance-weighted NLL',
};

export interface AnomalyScoreOptions {
  /** Draws z ~ q(z | x) per sample: the Monte Carlo average for −ELBO, K for the IW NLL (default 1 and 50). */
  samples?: number;
  /** Seed of those draws (default 0); each input draws from its own stream (importance-weighted.ts). */
  seed?: number;
  /** The data index of the batch's first row, for the per-input streams (default 0). */
  firstIndex?: number;
  /** Samples per forward pass (default 250). */
  batchSize?: number;
}

/** Why `model` cannot give `score`, or null when it can. */
export function unsupportedScore(model: Autoencoder, score: AnomalyScoreName): string | null {
  if (!(ANOMALY_SCORES as readonly string[]).includes(score)) return `unknown anomaly score '${score}' (known: ${ANOMALY_SCORES.join(', ')})`;
  if (score !== 'reconstruction' && !isVariational(model)) {
    return `score '${score}' needs a variational model (a posterior q(z | x) and a prior density); '${model.config.model}' is not one`;
  }
  return null;
}

/** The scores of a batch x (N × inputShape), N values in nats. */
export function anomalyScoresOfBatch(model: Autoencoder, x: Tensor, labels: Tensor | null, score: AnomalyScoreName, options: AnomalyScoreOptions = {}): Float64Array {
  const problem = unsupportedScore(model, score);
  if (problem !== null) throw new RangeError(problem);
  return noGrad(() => {
    if (score === 'reconstruction') return Float64Array.from(model.reconstructionNllPerSample(model.encode(x, labels), x, labels).data);
    if (!isVariational(model)) throw new Error('unreachable');
    const samples = options.samples ?? (score === 'iw-nll' ? 50 : 1);
    if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`anomaly score: samples must be a positive integer, got ${samples}`);
    const draws = { samples, seed: options.seed ?? 0, firstIndex: options.firstIndex ?? 0 };
    return score === 'iw-nll' ? importanceWeightedNll(model, x, labels, draws) : negativeElbo(model, x, labels, draws).negativeElbo;
  });
}

/**
 * The scores of `count` samples stored row-major in `images` (count × prod(inputShape)), in batches, with the model in
 * eval mode. `labels` are needed by conditional models.
 */
export function anomalyScores(model: Autoencoder, images: Float32Array, count: number, labels: ArrayLike<number> | null, score: AnomalyScoreName,
  options: AnomalyScoreOptions = {}): Float64Array {
  const d = sampleSize(model.config.inputShape);
  if (images.length !== count * d) throw new RangeError(`anomalyScores: ${images.length} values are not ${count} samples of ${d}`);
  if (model.capabilities.conditional && labels === null) throw new RangeError(`anomalyScores: model '${model.config.model}' is conditional; give each sample's label`);
  const problem = unsupportedScore(model, score);
  if (problem !== null) throw new RangeError(problem);
  const batch = options.batchSize ?? 250;
  const out = new Float64Array(count);
  const was = model.training;
  model.eval();
  try {
    for (let s = 0; s < count; s += batch) {
      const n = Math.min(batch, count - s);
      const x = new Tensor(images.slice(s * d, (s + n) * d), [n, ...model.config.inputShape]);
      const y = labels === null || !model.capabilities.conditional ? null : new Tensor(Float32Array.from({ length: n }, (_, i) => labels[s + i]!), [n]);
      out.set(anomalyScoresOfBatch(model, x, y, score, { ...options, firstIndex: (options.firstIndex ?? 0) + s }), s);
    }
  } finally {
    model.train(was);
  }
  return out;
}
