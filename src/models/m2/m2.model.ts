/**
 * M2 (Kingma et al. 2014, section 3.1.2): a conditional VAE — q(z | x, y) and p(x | y, z), the one-hot label
 * concatenated to the features and to z — plus a classifier q(y | x). Labels of UNLABELLED mark the samples
 * without one; their bound sums over every class y, weighted by q(y | x) (the paper's eq. 7), so the classifier
 * learns from unlabelled data through the generative model, and from labelled data through β·(−log q(y | x)).
 */
import { crossEntropy } from '../../distributions/losses.js';
import { Normal } from '../../distributions/gaussian.js';
import { add, mul } from '../../ops/binary.js';
import { scalar } from '../../ops/creation.js';
import { indexSelect } from '../../ops/index-ops.js';
import { argmax, sum } from '../../ops/reduce.js';
import { reshape, slice, split, transpose } from '../../ops/shape-ops.js';
import { linear } from '../../ops/linear.js';
import type { Linear } from '../../nn/linear.js';
import { logSoftmax } from '../../ops/softmax.js';
import { affine, exp } from '../../ops/unary.js';
import type { Generator } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { UNLABELLED, type Batch, type LossContext, type LossResult, type ModelCapabilities, type SemiSupervisedAutoencoder } from '../autoencoder.js';
import { klWeight } from '../blocks/kl-warmup.js';
import { Encoder } from '../blocks/networks.js';
import { ConditionalVAE } from '../cvae/cvae.model.js';
import type { M2Config } from './m2.config.js';

/** The rows of a batch with a label and those marked UNLABELLED (all of them when there are no labels). */
export function labelledRows(labels: Tensor | null, n: number): { labelled: Int32Array; unlabelled: Int32Array } {
  if (labels === null) return { labelled: new Int32Array(0), unlabelled: Int32Array.from({ length: n }, (_, i) => i) };
  const labelled: number[] = [];
  const unlabelled: number[] = [];
  for (let i = 0; i < n; i++) (labels.data[i] === UNLABELLED ? unlabelled : labelled).push(i);
  return { labelled: Int32Array.from(labelled), unlabelled: Int32Array.from(unlabelled) };
}

/** Row r of n samples × K classes belongs to sample ⌊r/K⌋ … */
function repeatRows(n: number, K: number): Int32Array {
  return Int32Array.from({ length: n * K }, (_, r) => Math.floor(r / K));
}

/** … and to class r mod K. */
function classCycle(n: number, K: number): Int32Array {
  return Int32Array.from({ length: n * K }, (_, r) => r % K);
}

/** Per-sample terms of the bound (each N, in nats). */
export interface BoundTerms {
  reconstruction: Tensor;
  kl: Tensor;
}

export class M2 extends ConditionalVAE<M2Config> implements SemiSupervisedAutoencoder<M2Config> {
  readonly classifier: Encoder;

  constructor(config: M2Config, gen: Generator) {
    super(config, gen);
    this.classifier = this.registerModule('classifier', new Encoder({ ...config, hidden: config.classifierHidden }, { outDim: config.numClasses, gen }));
  }

  override get capabilities(): ModelCapabilities {
    return { ...super.capabilities, semiSupervised: true };
  }

  /** The logits of q(y | x), N × numClasses. */
  classLogits(x: Tensor): Tensor {
    return this.classifier.forward(x);
  }

  /** `labels` with every UNLABELLED entry (all of them when null) replaced by the classifier's most likely class. */
  completeLabels(x: Tensor, labels: Tensor | null): Tensor {
    if (labels !== null && !labels.data.includes(UNLABELLED)) return labels;
    const guess = argmax(this.classLogits(x), 1);
    if (labels === null) return guess;
    return new Tensor(labels.data.map((v, i) => (v === UNLABELLED ? guess.data[i]! : v)), [labels.size]);
  }

  /** The posterior mean μ(x, y); where a label is missing, y is the classifier's guess. */
  override encode(x: Tensor, labels: Tensor | null = null): Tensor {
    return this.posterior(x, this.completeLabels(x, labels)).mu;
  }

  /** decode(μ(x, y), y), with the classifier's guess where a label is missing. */
  override reconstruct(x: Tensor, labels: Tensor | null = null): Tensor {
    const y = this.completeLabels(x, labels);
    return this.decode(this.posterior(x, y).mu, y);
  }

  /** −log p(x | y, z) and KL(q(z | x, y) ‖ p(z)) per sample, z one reparameterised draw from `gen`. */
  boundTerms(x: Tensor, labels: Tensor, gen: Generator): BoundTerms {
    const q = this.posterior(x, labels);
    const z = Normal.fromLogVar(q.mu, q.logVar).rsample(gen);
    return { reconstruction: this.reconstructionNllPerSample(z, x, labels), kl: this.klPerSample(q) };
  }

  /**
   * The encoder's output for every sample with every class (rows i·K + k: sample i, one-hot class k), equal to
   * encoder.forward(x repeated K times, one-hot classes). The features and the x part of the first dense layer
   * [W_x W_y]·[x; y] + b are computed once per sample and W_y's column k added per class, which saves the
   * K − 1 extra products with W_x (for MNIST the encoder's largest).
   */
  encodeEveryClass(x: Tensor): Tensor {
    const n = x.shape[0]!;
    const K = this.config.numClasses;
    const features = this.encoder.features.forward(x);
    const first = this.encoder.dense.at(0) as Linear;
    const F = features.shape[1]!;
    const shared = linear(features, slice(first.weight, [null, { start: 0, end: F }]), first.bias);
    const perClass = transpose(slice(first.weight, [null, { start: F }]));
    const H = shared.shape[1]!;
    // n × 1 × H plus 1 × K × H by broadcasting: the backward sums over the broadcast axes in the backend's
    // reductions, where gathering K copies of each row summed them back in a JS loop (a tenth of an M2 step).
    let h = reshape(add(reshape(shared, [n, 1, H]), reshape(perClass, [1, K, H])), [n * K, H]);
    for (let i = 1; i < this.encoder.dense.length; i++) h = this.encoder.dense.at(i).forward(h);
    return h;
  }

  /**
   * The q(y | x)-weighted bound terms of unlabelled samples (each N): Σ_y q(y | x)·term(x, y) over every class
   * (row i·K + k holds sample i with class k, see encodeEveryClass), and Σ_y q(y | x) log q(y | x) = −H(q(y | x)).
   */
  unlabelledTerms(x: Tensor, gen: Generator): BoundTerms & { negEntropy: Tensor } {
    const n = x.shape[0]!;
    const K = this.config.numClasses;
    const logQ = logSoftmax(this.classLogits(x), 1);
    const q = exp(logQ);
    const classes = new Tensor(Float32Array.from(classCycle(n, K)), [n * K]);
    const [mu, logVar] = split(this.encodeEveryClass(x), 2, 1) as [Tensor, Tensor];
    const z = Normal.fromLogVar(mu, logVar).rsample(gen);
    const reconstruction = this.reconstructionNllPerSample(z, indexSelect(x, repeatRows(n, K), 0), classes);
    const kl = this.klPerSample({ mu, logVar });
    const weighted = (t: Tensor) => sum(mul(q, reshape(t, [n, K])), 1);
    return { reconstruction: weighted(reconstruction), kl: weighted(kl), negEntropy: sum(mul(q, logQ), 1) };
  }

  /**
   * Parts, each a mean over the batch's rows (0 on the rows it does not apply to; a labelled row counts
   * `labelledWeight` times), so that on any mix of labelled and unlabelled rows
   * total = reconstruction + β_KL·kl + labelPrior + negEntropy + β·classification is the mean of the rows' objectives
   * (β_KL: the config's `beta`, scaled during a KL warm-up by the trainer's `ctx`, see blocks/kl-warmup.ts):
   * - reconstruction, kl: the bound's terms (q(y | x)-weighted on unlabelled rows; kl unweighted by β_KL);
   * - labelPrior: −log p(y) = log K under the uniform p(y), on every row;
   * - negEntropy: −H(q(y | x)) on unlabelled rows;
   * - classification: −log q(y | x) on labelled rows.
   * Labelled rows draw z from one split of `gen`, unlabelled rows from the other.
   */
  override loss(batch: Batch, gen: Generator, ctx?: LossContext): LossResult {
    const n = batch.x.shape[0]!;
    const w = this.config.labelledWeight;
    const { labelled, unlabelled } = labelledRows(batch.labels, n);
    const [labelledGen, unlabelledGen] = gen.split(2) as [Generator, Generator];
    let reconstruction: Tensor = scalar(0);
    let kl: Tensor = scalar(0);
    let negEntropy: Tensor = scalar(0);
    let classification: Tensor = scalar(0);
    if (labelled.length > 0) {
      const x = indexSelect(batch.x, labelled, 0);
      const y = indexSelect(batch.labels!, labelled, 0);
      const terms = this.boundTerms(x, y, labelledGen);
      reconstruction = affine(sum(terms.reconstruction), w, 0);
      kl = affine(sum(terms.kl), w, 0);
      classification = affine(sum(crossEntropy(this.classLogits(x), y, { reduction: 'none' })), w, 0);
    }
    if (unlabelled.length > 0) {
      const terms = this.unlabelledTerms(indexSelect(batch.x, unlabelled, 0), unlabelledGen);
      reconstruction = add(reconstruction, sum(terms.reconstruction));
      kl = add(kl, sum(terms.kl));
      negEntropy = sum(terms.negEntropy);
    }
    const perRow = (t: Tensor) => affine(t, 1 / n, 0);
    const parts = {
      reconstruction: perRow(reconstruction),
      kl: perRow(kl),
      labelPrior: scalar((Math.log(this.config.numClasses) * (w * labelled.length + unlabelled.length)) / n),
      negEntropy: perRow(negEntropy),
      classification: perRow(classification),
    };
    const klTerm = mul(parts.kl, klWeight(this.config.beta, this.config.klWarmupEpochs, ctx));
    const total = add(add(add(add(parts.reconstruction, klTerm), parts.labelPrior), parts.negEntropy),
      mul(parts.classification, this.config.classificationWeight));
    return { total, parts };
  }
}
