/** The plain autoencoder; the denoising, contractive, sparse and adversarial models extend it. */
import type { Generator } from '../../tensor/random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Batch, LossResult, ModelStructure } from '../autoencoder.js';
import { AutoencoderBase } from '../blocks/autoencoder-base.js';
import { Decoder, Encoder } from '../blocks/networks.js';
import type { AeConfig } from './ae.config.js';

export class AE<C extends AeConfig = AeConfig> extends AutoencoderBase<C> {
  readonly encoder: Encoder;
  readonly decoder: Decoder;

  constructor(config: C, gen: Generator) {
    super(config);
    this.encoder = this.registerModule('encoder', new Encoder(config, { outDim: config.latentDim, gen, outputActivation: config.codeActivation }));
    this.decoder = this.registerModule('decoder', new Decoder(config, { inDim: config.latentDim, paramsPerValue: this.likelihood.paramsPerValue, gen }));
  }

  get structure(): ModelStructure {
    return this.networkStructure(this.encoder, this.decoder, 'code');
  }

  encode(x: Tensor): Tensor {
    return this.encoder.forward(x);
  }

  decodeRaw(z: Tensor): Tensor {
    return this.decoder.forward(z);
  }

  /** { reconstruction }: −log p(x | g(h(x))) in nats per sample. */
  loss(batch: Batch, _gen: Generator): LossResult {
    const reconstruction = this.likelihood.nll(this.decodeRaw(this.encode(batch.x)), batch.x);
    return { total: reconstruction, parts: { reconstruction } };
  }
}
