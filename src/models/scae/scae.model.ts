/** The stochastic contractive autoencoder: an AE whose loss adds λ·E‖h(x) − h(x̃)‖² over corrupted copies x̃. */
import { add, mul, sub } from '../../ops/binary.js';
import { mean } from '../../ops/reduce.js';
import { affine, square } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { AE } from '../ae/ae.model.js';
import type { Batch, LossResult } from '../autoencoder.js';
import { corrupt } from '../blocks/corruption.js';
import { sumPerSample } from '../blocks/likelihood.js';
import type { ScaeConfig } from './scae.config.js';

export class StochasticContractiveAE extends AE<ScaeConfig> {
  /** x̃ ~ q(x̃ | x) with the config's corruption, drawn from `gen`. */
  corruptCopy(x: Tensor, gen: Generator): Tensor {
    return corrupt(this.config.corruption, this.config.corruptionAmount, x, gen);
  }

  /**
   * ‖h(x) − h(x̃)‖² per sample (N), averaged over `corruptionCopies` copies drawn from `gen`; `code` is h(x).
   * x̃ is a drawn copy (as in the denoising AE): gradients reach the weights through both codes, not x through x̃.
   */
  penaltyPerSample(x: Tensor, code: Tensor, gen: Generator): Tensor {
    let total: Tensor | null = null;
    for (let c = 0; c < this.config.corruptionCopies; c++) {
      const d = sumPerSample(square(sub(code, this.encode(this.corruptCopy(x, gen)))));
      total = total === null ? d : add(total, d);
    }
    return affine(total!, 1 / this.config.corruptionCopies, 0);
  }

  /** { reconstruction, penalty } with total = reconstruction + λ·penalty; the clean x is encoded and reconstructed. */
  override loss(batch: Batch, gen: Generator): LossResult {
    const code = this.encode(batch.x);
    const reconstruction = this.likelihood.nll(this.decodeRaw(code), batch.x);
    const penalty = mean(this.penaltyPerSample(batch.x, code, gen));
    return { total: add(reconstruction, mul(penalty, this.config.contractiveWeight)), parts: { reconstruction, penalty } };
  }
}
