/**
 * Isomap and t-SNE from @saehrimnir/druidjs (a maintained dimensionality-reduction library with
 * WebAssembly kernels). Each is transductive: it embeds the rows it was fitted on and has no out-of-sample map,
 * so a baseline fits the training and test rows it reports on together.
 * - Isomap (Tenenbaum, de Silva & Langford 2000): k-NN graph, all-pairs geodesic distances (Dijkstra), classical
 *   MDS. O(n² log n) time, n × n memory.
 * - t-SNE (van der Maaten & Hinton 2008): exact, with an n × n affinity matrix; O(n²) per iteration.
 * LLE is ours (lle.ts): druidjs's returns the wrong eigenvectors.
 */
import { importOptional, required } from '../../util/optional-package.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkFitInput, fittedEmbedding, rowsTensor, tensorRows, type ManifoldEmbedding } from './embedding.js';

// An optional peer dependency (see util/optional-package.ts).
const druidjs = await importOptional<typeof import('@saehrimnir/druidjs')>('@saehrimnir/druidjs');

export type DruidMethod = 'isomap' | 'tsne';

export interface DruidOptions {
  latentDim?: number;
  /** Isomap: neighbourhood size (default 10). */
  neighbors?: number;
  /** t-SNE: perplexity (default 30) and iterations (default 1000), learning rate ε (default 10, druidjs's). */
  perplexity?: number;
  iterations?: number;
  learningRate?: number;
  seed?: number;
}

const COST = { isomap: 'quadratic', tsne: 'quadratic' } as const;

export class DruidEmbedding implements ManifoldEmbedding {
  readonly latentDim: number;
  private readonly druid: typeof import('@saehrimnir/druidjs');
  readonly cost: ManifoldEmbedding['cost'];
  readonly params: Readonly<Record<string, number | string>>;
  private fitted: Tensor | null = null;

  constructor(readonly name: DruidMethod, private readonly options: DruidOptions = {}) {
    this.latentDim = options.latentDim ?? 2;
    this.cost = COST[name];
    this.druid = required(druidjs, `the ${name === 'tsne' ? 't-SNE' : 'Isomap'} baseline`, ['@saehrimnir/druidjs']);
    const seed = options.seed ?? 0;
    this.params = name === 'tsne'
      ? { library: '@saehrimnir/druidjs', perplexity: options.perplexity ?? 30, iterations: options.iterations ?? 1000, learningRate: options.learningRate ?? 10, seed }
      : { library: '@saehrimnir/druidjs', neighbors: options.neighbors ?? 10, seed };
  }

  fit(x: Tensor): this {
    checkFitInput(x, this.name, this.name === 'tsne' ? 4 : (this.options.neighbors ?? 10) + 2);
    const rows = tensorRows(x);
    const d = this.latentDim;
    const seed = (this.options.seed ?? 0) + 1;
    let y: ArrayLike<ArrayLike<number>>;
    if (this.name === 'isomap') {
      y = new this.druid.ISOMAP(rows, { d, neighbors: this.options.neighbors ?? 10, seed }).transform() as unknown as Float64Array[];
    } else {
      const perplexity = this.options.perplexity ?? 30;
      if (x.shape[0]! <= 3 * perplexity) throw new RangeError(`tsne.fit: perplexity ${perplexity} needs more than ${3 * perplexity} rows, got ${x.shape[0]}`);
      y = new this.druid.TSNE(rows, { d, perplexity, epsilon: this.options.learningRate ?? 10, seed }).transform(this.options.iterations ?? 1000) as unknown as Float64Array[];
    }
    this.fitted = rowsTensor(y, d, this.name);
    return this;
  }

  get embedding(): Tensor {
    return fittedEmbedding(this.fitted, this.name);
  }
}
