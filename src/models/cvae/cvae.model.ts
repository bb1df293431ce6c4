/** The conditional VAE: the VAE with the one-hot label as a condition of both the encoder and the decoder. */
import { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { cycledLabels } from '../blocks/autoencoder-base.js';
import { VAE } from '../vae/vae.model.js';
import type { CvaeConfig } from './cvae.config.js';

export class ConditionalVAE<C extends CvaeConfig = CvaeConfig> extends VAE<C> {
  constructor(config: C, gen: Generator) {
    super(config, gen, config.numClasses);
  }

  /** n decoded prior samples of the given labels (N); without labels, the classes in turn: 0, 1, …, K−1, 0, … */
  override sample(n: number, gen: Generator, labels: Tensor | null = null): Tensor {
    const y = labels ?? cycledLabels(n, this.config.numClasses);
    return super.sample(n, gen, y);
  }
}
