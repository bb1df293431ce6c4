/**
 * UMAP (McInnes, Healy & Melville 2018) through umap-js (the PAIR-code port of umap-learn): an approximate
 * k-nearest-neighbour graph (NN-descent), its fuzzy simplicial set, and a force-directed layout by SGD.
 * Near-linear in n; it has an out-of-sample `transform`. Randomness comes from an aekit Generator (seeded).
 */
import type { UMAP as UmapJs } from 'umap-js';
import { importOptional, required } from '../../util/optional-package.js';
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkFitInput, fittedEmbedding, rowsTensor, tensorRows, type ManifoldEmbedding } from './embedding.js';

// An optional peer dependency (see util/optional-package.ts).
const umapJs = await importOptional<typeof import('umap-js')>('umap-js');

export interface UmapOptions {
  latentDim?: number;
  /** Neighbourhood size (umap-learn's default 15). */
  neighbors?: number;
  /** Minimum distance between embedded points (umap-learn's default 0.1). */
  minDist?: number;
  /** Layout epochs (default: umap-js's choice, 500 below 10,000 points and 200 above). */
  epochs?: number;
  seed?: number;
}

export class Umap implements ManifoldEmbedding {
  readonly name = 'umap';
  readonly cost = 'near-linear' as const;
  readonly latentDim: number;
  readonly params: Readonly<Record<string, number | string>>;
  private readonly umap: UmapJs;
  private fitted: Tensor | null = null;

  constructor(options: UmapOptions = {}) {
    this.latentDim = options.latentDim ?? 2;
    const neighbors = options.neighbors ?? 15;
    const minDist = options.minDist ?? 0.1;
    const gen = new Generator(options.seed ?? 0);
    this.params = { library: 'umap-js', neighbors, minDist, epochs: options.epochs ?? 'auto', seed: options.seed ?? 0 };
    this.umap = new (required(umapJs, 'the UMAP baseline', ['umap-js']).UMAP)({
      nComponents: this.latentDim, nNeighbors: neighbors, minDist, random: () => gen.nextDouble(),
      ...(options.epochs === undefined ? {} : { nEpochs: options.epochs }),
    });
  }

  fit(x: Tensor): this {
    checkFitInput(x, 'Umap', 3);
    this.fitted = rowsTensor(this.umap.fit(tensorRows(x) as unknown as number[][]), this.latentDim, 'umap');
    return this;
  }

  get embedding(): Tensor {
    return fittedEmbedding(this.fitted, 'Umap');
  }

  transform(x: Tensor): Tensor {
    fittedEmbedding(this.fitted, 'Umap');
    return rowsTensor(this.umap.transform(tensorRows(x) as unknown as number[][]), this.latentDim, 'umap transform');
  }
}
