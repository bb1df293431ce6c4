/**
 * The test −ELBO of a variational model (Kingma & Welling 2014, eq. 10), per input:
 *   −ELBO(x) = KL(q(z | x) ‖ p(z)) + (1/S) Σₛ −log p(x | zₛ),   zₛ ~ q(z | x),
 * the KL analytic and the reconstruction term averaged over S reparameterised draws (S = 1 in training). A model
 * with several stochastic layers (`importanceSampler`) has no closed-form KL: there −ELBO is −(1/S) Σₛ log wₛ and
 * the KL the rest, −ELBO − reconstruction.
 * Draws come from the per-input streams of importance-weighted.ts, so −ELBO and the IW estimate of an input
 * with S = K use the same samples.
 */
import { noGrad } from '../autograd/grad-mode.js';
import type { VariationalAutoencoder } from '../models/autoencoder.js';
import { importanceSampler } from '../models/blocks/importance-sampler.js';
import { Tensor } from '../tensor/tensor.js';
import { sampleStream } from './importance-weighted.js';

export interface ElboTerms {
  /** −ELBO per input (nats). */
  negativeElbo: Float64Array;
  /** The averaged reconstruction NLL per input. */
  reconstruction: Float64Array;
  /** KL(q ‖ p) per input. */
  kl: Float64Array;
  /** The posterior means μ(x), N × latentDim (for active units and codes). */
  posteriorMean: Float32Array;
}

export interface ElboOptions {
  /** S, draws for the reconstruction term (default 1). */
  samples?: number;
  seed?: number;
  /** Inputs per pass (default 500). */
  batchSize?: number;
  /** The data index of x's first row, for the per-input streams (default 0). */
  firstIndex?: number;
}

/** −ELBO and its parts for every row of x. */
export function negativeElbo(model: VariationalAutoencoder, x: Tensor, labels: Tensor | null, options: ElboOptions = {}): ElboTerms {
  const S = options.samples ?? 1;
  if (!Number.isInteger(S) || S < 1) throw new RangeError(`negativeElbo: samples must be a positive integer, got ${S}`);
  const n = x.shape[0]!;
  const d = x.size / Math.max(1, n);
  const L = model.config.latentDim;
  const batch = options.batchSize ?? Math.max(1, Math.floor(8192 / S));
  const seed = options.seed ?? 0;
  const first = options.firstIndex ?? 0;
  const out: ElboTerms = { negativeElbo: new Float64Array(n), reconstruction: new Float64Array(n), kl: new Float64Array(n), posteriorMean: new Float32Array(n * L) };
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let s = 0; s < n; s += batch) {
        const count = Math.min(batch, n - s);
        const rows = new Tensor(x.data.subarray(s * d, (s + count) * d), [count, ...x.shape.slice(1)]);
        const rowLabels = labels === null ? null : new Tensor(labels.data.subarray(s, s + count), [count]);
        const sampler = importanceSampler(model, rows, rowLabels);
        const E = sampler.noiseSize;
        const eps = new Float32Array(count * S * E);
        for (let i = 0; i < count; i++) sampleStream(seed, first + s + i).fillNormal(eps.subarray(i * S * E, (i + 1) * S * E));
        const w = sampler.weights(new Tensor(eps, [count, S, E]));
        const nll = w.reconstructionNll.data;
        const q = sampler.posterior;
        const kl = q === undefined ? null : model.klPerSample(q).data;
        for (let i = 0; i < count; i++) {
          let r = 0;
          let logW = 0;
          for (let t = 0; t < S; t++) r += nll[i * S + t]!;
          for (let t = 0; kl === null && t < S; t++) logW += w.logWeights.data[i * S + t]!;
          out.reconstruction[s + i] = r / S;
          out.kl[s + i] = kl === null ? -logW / S - r / S : kl[i]!;
          out.negativeElbo[s + i] = kl === null ? -logW / S : r / S + kl[i]!;
        }
        out.posteriorMean.set((q?.mu ?? model.encode(rows, rowLabels)).data, s * L);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return out;
}
