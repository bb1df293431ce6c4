/** The denoising autoencoder: an AE whose loss encodes a corrupted copy and scores the clean input. */
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { AE } from '../ae/ae.model.js';
import type { Batch, CorruptingAutoencoder, LossResult, ModelCapabilities } from '../autoencoder.js';
import { corrupt } from '../blocks/corruption.js';
import type { DaeConfig } from './dae.config.js';

export class DenoisingAE extends AE<DaeConfig> implements CorruptingAutoencoder<DaeConfig> {
  override get capabilities(): ModelCapabilities {
    return { ...super.capabilities, corruptsInput: true };
  }

  /** x̃ ~ q(x̃ | x) with the config's corruption, drawn from `gen` (same generator state, same corruption). */
  corrupt(x: Tensor, gen: Generator): Tensor {
    return corrupt(this.config.corruption, this.config.corruptionAmount, x, gen);
  }

  /** { reconstruction }: −log p(x | g(h(x̃))) in nats per sample, x̃ corrupted with `gen`. */
  override loss(batch: Batch, gen: Generator): LossResult {
    const reconstruction = this.likelihood.nll(this.decodeRaw(this.encode(this.corrupt(batch.x, gen))), batch.x);
    return { total: reconstruction, parts: { reconstruction } };
  }
}
