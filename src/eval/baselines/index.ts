/**
 * The baselines `aekit baseline` offers, by name: how each is built and which rows it is fitted on by default.
 * Quadratic and cubic methods get a stated subset (their n × n matrices); the others use far more rows.
 */
import { DruidEmbedding } from './druid-embedding.js';
import type { ManifoldEmbedding } from './embedding.js';
import { LocallyLinearEmbedding } from './lle.js';
import { PcaEmbedding } from './pca-embedding.js';
import { Umap } from './umap.js';

export const BASELINE_METHODS = ['pca', 'isomap', 'lle', 'tsne', 'umap'] as const;
export type BaselineMethod = (typeof BASELINE_METHODS)[number];

export interface BaselineOptions {
  latentDim: number;
  seed: number;
  neighbors?: number;
  perplexity?: number;
  iterations?: number;
}

/**
 * Default rows per split, and whether training and test rows are embedded together (transductive). PCA: every
 * row, test rows through `transform`. UMAP: 10,000 + 10,000 together — umap-js has a `transform`, but it is far
 * slower than fitting the rows jointly (over 100 s for 100 new points after a 300-point fit, measured here).
 * Isomap and t-SNE (quadratic) fit 2,500 + 2,500 together; LLE (cubic: a dense n × n Cholesky factor) 1,000 + 1,000.
 */
export const DEFAULT_ROWS: Record<BaselineMethod, { train: number | null; test: number | null; transductive: boolean }> = {
  pca: { train: null, test: null, transductive: false },
  umap: { train: 10_000, test: 10_000, transductive: true },
  isomap: { train: 2_500, test: 2_500, transductive: true },
  tsne: { train: 2_500, test: 2_500, transductive: true },
  lle: { train: 1_000, test: 1_000, transductive: true },
};

export function isBaselineMethod(name: string): name is BaselineMethod {
  return (BASELINE_METHODS as readonly string[]).includes(name);
}

export function makeEmbedding(method: BaselineMethod, o: BaselineOptions): ManifoldEmbedding {
  switch (method) {
    case 'pca':
      return new PcaEmbedding(o.latentDim);
    case 'lle':
      return new LocallyLinearEmbedding({ latentDim: o.latentDim, ...(o.neighbors === undefined ? {} : { neighbors: o.neighbors }) });
    case 'umap':
      return new Umap({ latentDim: o.latentDim, seed: o.seed, ...(o.neighbors === undefined ? {} : { neighbors: o.neighbors }), ...(o.iterations === undefined ? {} : { epochs: o.iterations }) });
    default:
      return new DruidEmbedding(method, {
        latentDim: o.latentDim, seed: o.seed,
        ...(o.neighbors === undefined ? {} : { neighbors: o.neighbors }),
        ...(o.perplexity === undefined ? {} : { perplexity: o.perplexity }),
        ...(o.iterations === undefined ? {} : { iterations: o.iterations }),
      });
  }
}

export type { ManifoldEmbedding } from './embedding.js';
export { PcaEmbedding } from './pca-embedding.js';
export { Umap } from './umap.js';
export { DruidEmbedding } from './druid-embedding.js';
export { LocallyLinearEmbedding } from './lle.js';
