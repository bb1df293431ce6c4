/**
 * Filling in missing pixels (the lecture's chapter 5) with a trained model, observed pixels clamped throughout:
 *
 * - pseudo-Gibbs (Rezende, Mohamed & Wierstra 2014, §5.3 / appendix F): repeat z ~ q(z | x), x_miss ← E[x_miss | z];
 * - Metropolis-within-Gibbs (Mattei & Frellsen 2018, "Leveraging the exact likelihood of deep latent variable
 *   models", Algorithm 1): the proposal z' ~ q(z | x) is accepted with probability
 *   min(1, p(x | z') p(z') q(z | x) / (p(x | z) p(z) q(z' | x))), which makes the chain target p(z | x) exactly
 *   where pseudo-Gibbs only approximates it;
 * - iterated reconstruction for deterministic models (AEs, DAEs): x_miss ← reconstruct(x)_miss.
 * NOTE: the missing pixels take the decoder's mean E[x_miss | z], not a sample of p(x_miss | z) (grey MNIST under a
 * Bernoulli decoder would sample binary pixels the encoder never saw); the variational methods report the mean of
 * the fills over the last half of the iterations. Chains start from the training set's per-pixel mean.
 *
 * Baselines: the per-pixel training mean, and the nearest training image measured on the observed pixels only.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { Normal } from '../distributions/gaussian.js';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { isVariational, type Autoencoder } from '../models/autoencoder.js';
import { matmul } from '../ops/matmul.js';
import { sum } from '../ops/reduce.js';
import type { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

export const INPAINT_METHODS = ['pseudo-gibbs', 'metropolis-gibbs', 'iterate'] as const;
export type InpaintMethod = (typeof INPAINT_METHODS)[number];

/** Pseudo-Gibbs for variational models, iterated reconstruction for the rest. */
export function defaultInpaintMethod(model: Autoencoder): InpaintMethod {
  return isVariational(model) ? 'pseudo-gibbs' : 'iterate';
}

/** Why `model` cannot run `method`, or null. */
export function inpaintProblem(model: Autoencoder, method: InpaintMethod): string | null {
  if (method !== 'iterate' && !isVariational(model)) return `--method ${method} needs a variational model (a posterior q(z | x) to sample); '${model.config.model}' is not one — use --method iterate`;
  return null;
}

export interface InpaintOptions {
  method: InpaintMethod;
  iterations: number;
  gen: Generator;
}

export interface InpaintResult {
  /** N × D: observed values kept, missing ones filled. */
  filled: Float32Array;
  /** Metropolis-within-Gibbs: the fraction of proposals accepted. */
  acceptanceRate: number | null;
}

/** x with the missing values (mask 1) replaced by `fill` (N × D) — a fresh array. */
export function clampObserved(x: Float32Array, mask: Uint8Array, fill: Float32Array): Float32Array {
  const out = Float32Array.from(x);
  for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = fill[i]!;
  return out;
}

/** The model's fill of the missing values of x (N × inputShape), started from `start` (N × D). */
export function inpaintWithModel(model: Autoencoder, x: Tensor, labels: Tensor | null, mask: Uint8Array, start: Float32Array, options: InpaintOptions): InpaintResult {
  const problem = inpaintProblem(model, options.method);
  if (problem !== null) throw new RangeError(problem);
  if (!Number.isInteger(options.iterations) || options.iterations < 1) throw new RangeError(`--iterations must be a positive integer, got ${options.iterations}`);
  const shape = x.shape;
  const n = shape[0]!;
  const L = model.config.latentDim;
  const was = model.training;
  model.eval();
  try {
    return noGrad(() => {
      let current = clampObserved(x.data, mask, start);
      const tensorOf = (v: Float32Array) => new Tensor(v, shape);
      if (options.method === 'iterate' || !isVariational(model)) {
        for (let t = 0; t < options.iterations; t++) current = clampObserved(x.data, mask, model.reconstruct(tensorOf(current), labels).data);
        return { filled: current, acceptanceRate: null };
      }
      const burnIn = Math.floor(options.iterations / 2);
      const average = new Float64Array(current.length);
      let kept = 0;
      let accepted = 0;
      // Metropolis-within-Gibbs keeps z between steps; log p(x, z) − log q(z | x) is its acceptance currency.
      let z: Tensor | null = null;
      const logTarget = (codes: Tensor, xt: Tensor, q: Normal) => {
        const nll = model.reconstructionNllPerSample(codes, xt, labels).data;
        const prior = model.priorLogProb(codes).data;
        const logQ = sum(q.logProb(codes), 1).data;
        return Float64Array.from({ length: n }, (_, i) => -nll[i]! + prior[i]! - logQ[i]!);
      };
      for (let t = 0; t < options.iterations; t++) {
        const xt = tensorOf(current);
        const post = model.posterior(xt, labels);
        const q = Normal.fromLogVar(post.mu, post.logVar);
        const proposal = q.sample(options.gen);
        if (options.method === 'metropolis-gibbs' && z !== null) {
          const w1 = logTarget(proposal, xt, q);
          const w0 = logTarget(z, xt, q);
          const next: Float32Array = Float32Array.from(z.data);
          for (let i = 0; i < n; i++) {
            if (Math.log(options.gen.nextDouble()) < w1[i]! - w0[i]!) {
              next.set(proposal.data.subarray(i * L, (i + 1) * L), i * L);
              accepted++;
            }
          }
          z = new Tensor(next, [n, L]);
        } else {
          z = proposal;
        }
        const mean = model.decode(z, labels).data;
        current = clampObserved(x.data, mask, mean);
        if (t >= burnIn) {
          for (let i = 0; i < average.length; i++) average[i]! += current[i]!;
          kept++;
        }
      }
      const filled = Float32Array.from(average, (v) => v / kept);
      const proposals = n * (options.iterations - 1);
      return { filled, acceptanceRate: options.method === 'metropolis-gibbs' ? accepted / proposals : null };
    });
  } finally {
    model.train(was);
  }
}

/** Per-value mean over the training images (D). */
export function valueMeans(train: Dataset): Float32Array {
  const d = sampleSize(train.shape);
  const m = new Float64Array(d);
  for (let i = 0; i < train.count; i++) for (let j = 0; j < d; j++) m[j]! += train.images[i * d + j]!;
  return Float32Array.from(m, (v) => v / train.count);
}

/** Each missing value replaced by the training mean of that value. */
export function meanFill(x: Float32Array, count: number, mask: Uint8Array, means: Float32Array): Float32Array {
  const d = means.length;
  return clampObserved(x, mask, Float32Array.from({ length: count * d }, (_, i) => means[i % d]!));
}

/**
 * Each image's missing values copied from the training image nearest on its observed values:
 * Σⱼ oⱼ(qⱼ − tⱼ)² = Σ o·q² − 2(o⊙q)·t + o·t², two GEMMs per block of queries (o = 1 − mask).
 */
export function nearestNeighbourFill(x: Float32Array, count: number, mask: Uint8Array, train: Dataset): { filled: Float32Array; neighbours: Int32Array } {
  const d = sampleSize(train.shape);
  const m = train.count;
  const t = new Tensor(train.images, [m, d]);
  const t2 = new Tensor(Float32Array.from(train.images, (v) => v * v), [m, d]);
  const neighbours = new Int32Array(count);
  const fill = new Float32Array(count * d);
  const block = Math.max(1, Math.floor((1 << 22) / m));
  for (let s = 0; s < count; s += block) {
    const rows = Math.min(block, count - s);
    const observed = new Float32Array(rows * d);
    const oq = new Float32Array(rows * d);
    const oq2 = new Float64Array(rows);
    for (let i = 0; i < rows * d; i++) {
      const o = mask[s * d + i] ? 0 : 1;
      const q = x[s * d + i]!;
      observed[i] = o;
      oq[i] = o * q;
      oq2[Math.floor(i / d)]! += o * q * q;
    }
    const cross = noGrad(() => matmul(new Tensor(oq, [rows, d]), t, { transposeB: true })).data;
    const energy = noGrad(() => matmul(new Tensor(observed, [rows, d]), t2, { transposeB: true })).data;
    for (let r = 0; r < rows; r++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < m; j++) {
        const dist = oq2[r]! - 2 * cross[r * m + j]! + energy[r * m + j]!;
        if (dist < bestD) {
          bestD = dist;
          best = j;
        }
      }
      neighbours[s + r] = best;
      fill.set(train.images.subarray(best * d, (best + 1) * d), (s + r) * d);
    }
  }
  return { filled: clampObserved(x, mask, fill), neighbours };
}

/** Mean squared error over the missing values only. */
export function missingValueMse(filled: Float32Array, truth: Float32Array, mask: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    s += (filled[i]! - truth[i]!) ** 2;
    n++;
  }
  return n === 0 ? 0 : s / n;
}
