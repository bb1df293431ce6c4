/** The contractive autoencoder: an AE whose loss adds λ‖J_h(x)‖²_F (see blocks/contractive.ts). */
import { enableGrad, isGradEnabled } from '../../autograd/grad-mode.js';
import type { Linear } from '../../nn/linear.js';
import { add, mul } from '../../ops/binary.js';
import { mean } from '../../ops/reduce.js';
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { AE } from '../ae/ae.model.js';
import type { Batch, LossResult } from '../autoencoder.js';
import { contractivePenaltyAutodiff, contractivePenaltyClosedForm } from '../blocks/contractive.js';
import { hasOneLayerEncoder, type CaeConfig } from './cae.config.js';

export class ContractiveAE extends AE<CaeConfig> {
  /** The method the loss uses ('auto' resolved). */
  get penaltyMethod(): 'closed-form' | 'autodiff' {
    const m = this.config.contractiveMethod;
    return m === 'auto' ? (hasOneLayerEncoder(this.config) ? 'closed-form' : 'autodiff') : m;
  }

  /**
   * ‖J_h(x)‖²_F per sample (N). The autodiff form records the encoder even under noGrad (it needs the graph
   * to take ∂h/∂x); its result is differentiable when recording was on.
   */
  jacobianNormSq(x: Tensor, method = this.penaltyMethod): Tensor {
    if (method === 'closed-form') {
      if (!hasOneLayerEncoder(this.config)) throw new Error('cae: the closed-form penalty needs a one-layer encoder (arch mlp, hidden [])');
      return contractivePenaltyClosedForm(this.encoder.dense.at(0) as Linear, this.config.codeActivation, x);
    }
    return this.codeAndPenalty(x).penalty;
  }

  private codeAndPenalty(x: Tensor): { code: Tensor; penalty: Tensor } {
    const createGraph = isGradEnabled();
    const input = x.requiresGrad ? x : x.detach().requiresGrad_();
    return enableGrad(() => {
      const code = this.encode(input);
      return { code, penalty: contractivePenaltyAutodiff(code, input, createGraph) };
    });
  }

  /** { reconstruction, penalty } with total = reconstruction + λ·penalty, penalty = ‖J_h(x)‖²_F averaged over the batch. */
  override loss(batch: Batch, _gen: Generator): LossResult {
    let code: Tensor;
    let perSample: Tensor;
    if (this.penaltyMethod === 'closed-form') {
      code = this.encode(batch.x);
      perSample = this.jacobianNormSq(batch.x, 'closed-form');
    } else {
      ({ code, penalty: perSample } = this.codeAndPenalty(batch.x));
    }
    const reconstruction = this.likelihood.nll(this.decodeRaw(code), batch.x);
    const penalty = mean(perSample);
    return { total: add(reconstruction, mul(penalty, this.config.contractiveWeight)), parts: { reconstruction, penalty } };
  }
}
