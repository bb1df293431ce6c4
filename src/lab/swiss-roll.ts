/**
 * The swiss roll (the lecture's chapter 2): a 2-D sheet rolled up in 3-D. PCA, a linear projection, flattens it
 * onto itself; Isomap and LLE follow its k-nearest-neighbour graph and unroll it. With noise the layers of the
 * roll come within k-NN reach of each other and the graph short-circuits across them, which breaks the graph
 * methods (they assume Euclidean neighbours are manifold neighbours). An AE and a VAE with 2-D codes learn a
 * non-linear chart that keeps the sheet — they reconstruct it from two numbers far better than PCA — but the
 * reconstruction loss fixes that chart only up to a reparametrisation, and the one they find is curled and folded,
 * not unrolled (measured here for every setting tried; see the README).
 * The numbers: Spearman's ρ between the roll's coordinate t and the embedding projected on its best direction —
 * 1 when the embedding orders points along the roll as t does — and, for the methods with a decoder (PCA, AE,
 * VAE), the fraction of the roll's variance that its reconstruction from the 2-D code misses.
 */
import { swissRoll } from '../data/synthetic.js';
import type { Dataset } from '../data/dataset.js';
import { makeEmbedding, PcaEmbedding } from '../eval/baselines/index.js';
import { spearman } from '../eval/rank-correlation.js';
import { buildModel, defaultConfig } from '../models/registry.js';
import { Tensor } from '../tensor/tensor.js';
import { encodeDataset, inference } from '../train/figures.js';
import { initGenerator, trainModel } from '../train/trainer.js';

export const SWISS_ROLL_METHODS = ['pca', 'isomap', 'lle', 'ae', 'vae'] as const;
export type SwissRollMethod = (typeof SWISS_ROLL_METHODS)[number];

export interface SwissRollConfig {
  points: number;
  /** σ of the noisy roll's Gaussian noise. */
  noise: number;
  neighbors: number;
  epochs: number;
  seed: number;
  methods: readonly SwissRollMethod[];
}

export const SWISS_ROLL_DEFAULTS: SwissRollConfig = { points: 1000, noise: 1.2, neighbors: 10, epochs: 150, seed: 0, methods: SWISS_ROLL_METHODS };

export interface SwissRollEmbedding {
  method: SwissRollMethod;
  /** points × 2. */
  codes: Float32Array;
  /** max over directions of |Spearman ρ(t, projection)| (unrollingCorrelation). */
  rankCorrelation: number;
  /** Σ‖x − x̂‖² / Σ‖x − x̄‖² of the reconstruction from the code; null for Isomap and LLE (no decoder). */
  unexplainedVariance: number | null;
  seconds: number;
}

export interface SwissRollRun {
  roll: 'clean' | 'noisy';
  noise: number;
  /** The roll's coordinate t of every point. */
  t: Float32Array;
  /** points × 3. */
  points: Float32Array;
  embeddings: SwissRollEmbedding[];
}

/**
 * The largest |ρ| between t and the projection of a 2-D embedding onto a direction (every 1° of a half turn): an
 * embedding that unrolls the sheet orders its points by t along some direction, whichever way it is rotated.
 */
export function unrollingCorrelation(t: ArrayLike<number>, codes: Float32Array): number {
  const n = t.length;
  let best = 0;
  for (let degree = 0; degree < 180; degree++) {
    const c = Math.cos((degree * Math.PI) / 180);
    const s = Math.sin((degree * Math.PI) / 180);
    const rho = Math.abs(spearman(t, Float64Array.from({ length: n }, (_, i) => c * codes[2 * i]! + s * codes[2 * i + 1]!)));
    if (rho > best) best = rho;
  }
  return best;
}

/** Σ‖x − x̂‖² / Σ‖x − x̄‖² over rows of `dim` values: 0 for a perfect reconstruction, 1 for the mean. */
export function unexplainedVariance(x: Float32Array, reconstruction: Float32Array, dim: number): number {
  if (reconstruction.length !== x.length) throw new RangeError(`unexplainedVariance: ${x.length} values and a reconstruction of ${reconstruction.length}`);
  const n = x.length / dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < x.length; i++) mean[i % dim]! += x[i]! / n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    residual += (x[i]! - reconstruction[i]!) ** 2;
    total += (x[i]! - mean[i % dim]!) ** 2;
  }
  return total === 0 ? NaN : residual / total;
}

/** The roll scaled to unit overall standard deviation (one factor for all axes, so its geometry is kept) for the networks. */
function scaled(ds: Dataset): Dataset {
  let s = 0;
  let m = 0;
  for (const v of ds.images) m += v / ds.images.length;
  for (const v of ds.images) s += (v - m) ** 2 / ds.images.length;
  const sd = Math.sqrt(s) || 1;
  return { ...ds, images: Float32Array.from(ds.images, (v) => (v - m) / sd) };
}

interface Embedded {
  codes: Float32Array;
  /** The points the method was fitted on (the networks get the roll scaled) and their reconstruction from the codes; null without a decoder. */
  data: Float32Array;
  reconstruction: Float32Array | null;
}

async function networkCodes(kind: 'ae' | 'vae', roll: Dataset, config: SwissRollConfig): Promise<Embedded> {
  // Gaussian decoders with a small σ: the data is continuous; σ = 0.1 of the roll's scale keeps the VAE's KL from
  // washing out the code. ReLU 128-128 at lr 1e-2 reconstructs the roll to under 1 % of its variance in 150 epochs
  // (tanh 64-64 at 3e-3 left 2.5 %); no setting tried (wider, deeper, longer, other rates, per-axis scaling) unrolled it.
  const overrides = { hidden: [128, 128], activation: 'relu' as const, decoder: 'gaussian' as const, decoderSigma: 0.1 };
  const model = buildModel(defaultConfig(kind, { inputShape: [3], latentDim: 2, overrides }), initGenerator(config.seed));
  const data = scaled(roll);
  await trainModel({ model, train: data, test: null, options: { epochs: config.epochs, batchSize: 64, lr: 1e-2, lrSchedule: 'cosine', seed: config.seed, clipNorm: 0, dropLast: false } });
  const reconstruction = inference(model, () => model.reconstruct(new Tensor(data.images, [data.count, 3])).data);
  return { codes: encodeDataset(model, data), data: data.images, reconstruction: Float32Array.from(reconstruction) };
}

async function embed(method: SwissRollMethod, ds: Dataset, config: SwissRollConfig): Promise<Embedded> {
  if (method === 'ae' || method === 'vae') return networkCodes(method, ds, config);
  const x = new Tensor(ds.images, [ds.count, 3]);
  const e = makeEmbedding(method, { latentDim: 2, seed: config.seed, neighbors: config.neighbors }).fit(x);
  const reconstruction = e instanceof PcaEmbedding ? e.inverseTransform(e.embedding).data : null;
  return { codes: e.embedding.data, reconstruction, data: ds.images };
}

export async function swissRollLab(config: SwissRollConfig = SWISS_ROLL_DEFAULTS, onEmbedding?: (run: string, e: SwissRollEmbedding) => void): Promise<SwissRollRun[]> {
  const runs: SwissRollRun[] = [];
  for (const [roll, noise] of [['clean', 0], ['noisy', config.noise]] as const) {
    const ds = swissRoll({ count: config.points, seed: config.seed + 1, noise });
    const t = ds.manifoldPosition!;
    const embeddings: SwissRollEmbedding[] = [];
    for (const method of config.methods) {
      const started = performance.now();
      const { codes, reconstruction, data } = await embed(method, ds, config);
      const seconds = (performance.now() - started) / 1000;
      const e: SwissRollEmbedding = {
        method, codes, rankCorrelation: unrollingCorrelation(t, codes),
        unexplainedVariance: reconstruction === null ? null : unexplainedVariance(data, reconstruction, 3), seconds,
      };
      embeddings.push(e);
      onEmbedding?.(roll, e);
    }
    runs.push({ roll, noise, t, points: ds.images, embeddings });
  }
  return runs;
}
