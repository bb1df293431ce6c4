/**
 * The baselines `aekit baseline` offers, by name: how each is built and which rows it is fitted on by default.
 * Quadratic and cubic methods get a stated subset (their n × n matrices); the others use far more rows.
 */
import { DruidEmbedding } from './druid-embedding.js';
import type { ManifoldEmbedding } from './embedding.js';
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
 * Default rows per split. PCA: every row (transform gives test codes). UMAP: 10,000 training rows fitted, test
 * rows mapped by its `transform`. Isomap and t-SNE (quadratic) fit 2,500 training + 2,500 test rows together; LLE
 * (cubic in druidjs) 1,000 + 1,000.
 */
export const DEFAULT_ROWS: Record<BaselineMethod, { train: number | null; test: number | null }> = {
  pca: { train: null, test: null },
  umap: { train: 10_000, test: null },
  isomap: { train: 2_500, test: 2_500 },
  tsne: { train: 2_500, test: 2_500 },
  lle: { train: 1_000, test: 1_000 },
};

export function isBaselineMethod(name: string): name is BaselineMethod {
  return (BASELINE_METHODS as readonly string[]).includes(name);
}

export function makeEmbedding(method: BaselineMethod, o: BaselineOptions): ManifoldEmbedding {
  switch (method) {
    case 'pca':
      return new PcaEmbedding(o.latentDim);
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
