/**
 * The importance-weighted estimate of −log p(x) for a variational model (Burda, Grosse & Salakhutdinov 2016,
 * eq. 8; the evaluation protocol of their §5 with K = 5000):
 *
 *   −log p̂(x) = −log (1/K) Σₖ p(x | zₖ) p(zₖ) / q(zₖ | x),   zₖ = μ(x) + σ(x) ⊙ εₖ, εₖ ~ N(0, I).
 *
 * It is an upper bound on −log p(x) in expectation that tightens as K grows (K = 1 is the one-sample −ELBO).
 * Log-weights log p(x | z) + log p(z) − log q(z | x) (models/blocks/importance-sampler.ts, over every layer; as the IWAE's
 * training bound) are computed in chunks of at most `chunkRows` decoder rows (inputs × samples), so memory stays
 * bounded for any K, and folded into a float64 log-mean-exp per input.
 *
 * Randomness: input number i of the data (i from `firstIndex`) draws every ε from its own stream
 * `new Generator(seed + (i + 1)·2³²)`, in order, so the estimate of an input does not depend on the chunk size,
 * the batch it is in or the other inputs.
 */
import { noGrad } from '../autograd/grad-mode.js';
import type { VariationalAutoencoder } from '../models/autoencoder.js';
import { importanceSampler } from '../models/blocks/importance-sampler.js';
import { Generator } from '../tensor/random.js';
import { formatShape, ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { LogMeanExp } from './stats.js';

export interface ImportanceWeightedOptions {
  /** K, the number of importance samples per input (Burda et al. evaluate with 5000). */
  samples: number;
  /** Seed of the per-input sample streams (see the file comment). */
  seed?: number;
  /** The most decoder rows (inputs × samples) in one pass; bounds memory (default 2048: small chunks stay in cache). */
  chunkRows?: number;
  /** The data index of x's first row, for the per-input streams (default 0). */
  firstIndex?: number;
  /** Called after each pass with the number of inputs finished so far. */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_CHUNK_ROWS = 2048;
const STREAM_STRIDE = 4294967296;

/** The ε stream of data row `index`. */
export function sampleStream(seed: number, index: number): Generator {
  return new Generator(seed + (index + 1) * STREAM_STRIDE);
}

function checkInputs(model: VariationalAutoencoder, x: Tensor, labels: Tensor | null): void {
  const shape = model.config.inputShape;
  if (x.rank !== shape.length + 1 || shape.some((d, i) => x.shape[i + 1] !== d)) {
    throw new ShapeError(`importanceWeightedNll: data of shape ${formatShape(x.shape)} is not a batch of ${formatShape(shape)}`);
  }
  if (model.capabilities.conditional && labels === null) throw new Error(`importanceWeightedNll: model '${model.config.model}' is conditional; pass the labels`);
  if (labels !== null && labels.size !== x.shape[0]) throw new ShapeError(`importanceWeightedNll: ${labels.size} labels for ${x.shape[0]} inputs`);
}

/**
 * The importance-weighted NLL estimate −log p̂(x) of every row of `x` (N × inputShape), in nats, with K =
 * `options.samples` samples each (see the file comment). `labels` are needed by conditional models.
 */
export function importanceWeightedNll(model: VariationalAutoencoder, x: Tensor, labels: Tensor | null, options: ImportanceWeightedOptions): Float64Array {
  const K = options.samples;
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`importanceWeightedNll: samples must be a positive integer, got ${K}`);
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`importanceWeightedNll: chunkRows must be a positive integer, got ${chunkRows}`);
  checkInputs(model, x, labels);
  const n = x.shape[0]!;
  const seed = options.seed ?? 0;
  const first = options.firstIndex ?? 0;
  const d = x.size / Math.max(1, n);
  // Inputs per pass and samples per chunk: all K samples of several inputs, or chunks of one input's K.
  const perChunk = Math.min(K, chunkRows);
  const inputsPerPass = Math.max(1, Math.floor(chunkRows / perChunk));
  const out = new Float64Array(n);
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let s = 0; s < n; s += inputsPerPass) {
        const count = Math.min(inputsPerPass, n - s);
        const rows = new Tensor(x.data.subarray(s * d, (s + count) * d), [count, ...x.shape.slice(1)]);
        const rowLabels = labels === null ? null : new Tensor(labels.data.subarray(s, s + count), [count]);
        const sampler = importanceSampler(model, rows, rowLabels);
        const L = sampler.noiseSize;
        const streams = Array.from({ length: count }, (_, i) => sampleStream(seed, first + s + i));
        const acc = Array.from({ length: count }, () => new LogMeanExp());
        for (let done = 0; done < K; done += perChunk) {
          const m = Math.min(perChunk, K - done);
          const eps = new Float32Array(count * m * L);
          for (let i = 0; i < count; i++) streams[i]!.fillNormal(eps.subarray(i * m * L, (i + 1) * m * L));
          const w = sampler.weights(new Tensor(eps, [count, m, L])).logWeights.data;
          for (let i = 0; i < count; i++) acc[i]!.addAll(w.subarray(i * m, (i + 1) * m));
        }
        for (let i = 0; i < count; i++) out[s + i] = -acc[i]!.value();
        options.onProgress?.(s + count, n);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return out;
}
