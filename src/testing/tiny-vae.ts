/**
 * A tiny Gaussian VAE for the trainer's tests (not part of the public API): D → h → (μ, log σ²) → h → D,
 * loss = ½‖x − x̂‖² + KL(q(z|x) ‖ N(0, I)) per sample. It draws from the step's generator (the
 * reparameterisation), so the resume tests see the randomness a real model uses.
 */
import { add, mul, sub } from '../ops/binary.js';
import { exp, relu, square } from '../ops/unary.js';
import { affine } from '../ops/unary.js';
import { mean, sum } from '../ops/reduce.js';
import { reshape } from '../ops/shape-ops.js';
import { normal } from '../ops/random.js';
import { klStandardNormal } from '../distributions/gaussian.js';
import { Linear } from '../nn/linear.js';
import { Module } from '../nn/module.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Batch, GenerativeAutoencoder, LossResult, ModelCapabilities, ModelConfigBase } from '../models/autoencoder.js';

export interface TinyVaeConfig extends ModelConfigBase {
  model: 'tiny-vae';
  hidden: number;
}

export class TinyVae extends Module implements GenerativeAutoencoder<TinyVaeConfig> {
  readonly capabilities: ModelCapabilities = { variational: false, generative: true, conditional: false, numClasses: 0, corruptsInput: false, semiSupervised: false };
  readonly #enc: Linear;
  readonly #mu: Linear;
  readonly #logVar: Linear;
  readonly #dec1: Linear;
  readonly #dec2: Linear;
  readonly #inputSize: number;

  constructor(readonly config: TinyVaeConfig, gen: Generator) {
    super();
    const d = config.inputShape.reduce((a, b) => a * b, 1);
    this.#inputSize = d;
    this.#enc = this.registerModule('enc', new Linear(d, config.hidden, { gen }));
    this.#mu = this.registerModule('mu', new Linear(config.hidden, config.latentDim, { gen }));
    this.#logVar = this.registerModule('logVar', new Linear(config.hidden, config.latentDim, { gen }));
    this.#dec1 = this.registerModule('dec1', new Linear(config.latentDim, config.hidden, { gen }));
    this.#dec2 = this.registerModule('dec2', new Linear(config.hidden, d, { gen }));
  }

  #flat(x: Tensor): Tensor {
    return reshape(x, [x.shape[0]!, this.#inputSize]);
  }

  #posterior(x: Tensor): [Tensor, Tensor] {
    const h = relu(this.#enc.forward(this.#flat(x)));
    return [this.#mu.forward(h), this.#logVar.forward(h)];
  }

  forward(x: Tensor): Tensor {
    return this.reconstruct(x);
  }

  encode(x: Tensor): Tensor {
    return this.#posterior(x)[0];
  }

  decode(z: Tensor): Tensor {
    const out = this.#dec2.forward(relu(this.#dec1.forward(z)));
    return reshape(out, [z.shape[0]!, ...this.config.inputShape]);
  }

  reconstruct(x: Tensor): Tensor {
    return this.decode(this.encode(x));
  }

  /** ½‖x − x̂‖² per sample. */
  reconstructionNllPerSample(z: Tensor, target: Tensor): Tensor {
    return affine(sum(square(sub(this.#flat(this.decode(z)), this.#flat(target))), 1), 0.5, 0);
  }

  loss(batch: Batch, gen: Generator): LossResult {
    const [mu, logVar] = this.#posterior(batch.x);
    const z = add(mu, mul(exp(affine(logVar, 0.5, 0)), normal(gen, mu.shape)));
    const reconstruction = mean(this.reconstructionNllPerSample(z, batch.x));
    const kl = mean(sum(klStandardNormal(mu, logVar), 1));
    return { total: add(reconstruction, kl), parts: { reconstruction, kl } };
  }

  samplePrior(n: number, gen: Generator): Tensor {
    return normal(gen, [n, this.config.latentDim]);
  }

  sample(n: number, gen: Generator): Tensor {
    return this.decode(this.samplePrior(n, gen));
  }
}

export function tinyVaeConfig(inputShape: number[], latentDim = 2, hidden = 16): TinyVaeConfig {
  return { model: 'tiny-vae', inputShape, latentDim, hidden };
}
