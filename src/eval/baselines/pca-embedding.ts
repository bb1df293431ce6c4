/** PCA (ours, ../pca.ts) in the baselines' shape: fit, embedding, transform, and inverseTransform for reconstructions. */
import type { Tensor } from '../../tensor/tensor.js';
import { PCA, type PcaState } from '../pca.js';
import { checkFitInput, fittedEmbedding, type ManifoldEmbedding } from './embedding.js';

export class PcaEmbedding implements ManifoldEmbedding {
  readonly name = 'pca';
  readonly cost = 'linear' as const;
  readonly params: Readonly<Record<string, number | string>> = { library: 'aekit' };
  readonly pca: PCA;
  private fitted: Tensor | null = null;

  constructor(readonly latentDim = 2, state: PcaState | null = null) {
    this.pca = state === null ? new PCA({ nComponents: latentDim }) : PCA.fromState(state);
  }

  fit(x: Tensor): this {
    checkFitInput(x, 'pca', 2);
    this.pca.fit(x);
    this.fitted = this.pca.transform(x);
    return this;
  }

  get embedding(): Tensor {
    return fittedEmbedding(this.fitted, 'pca');
  }

  transform(x: Tensor): Tensor {
    return this.pca.transform(x);
  }

  inverseTransform(z: Tensor): Tensor {
    return this.pca.inverseTransform(z);
  }
}
