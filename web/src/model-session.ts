/**
 * One model in the page and what the explorer asks of it, all in eval mode without gradients: codes of a
 * dataset, one decode per pointer move, a drawn image's posterior and reconstruction, prior samples.
 * What the model can do comes from `model.capabilities` (variational, generative, conditional).
 */
import { Generator, isGenerative, isVariational, noGrad, Tensor, type Autoencoder, type Dataset } from './aekit.js';

export interface EncodedImage {
  code: Float32Array;
  /** Per-dimension posterior variance σ² of a variational model, else null. */
  variance: Float32Array | null;
  reconstruction: Float32Array;
}

export class ModelSession {
  readonly latentDim: number;
  readonly inputSize: number;

  constructor(readonly model: Autoencoder) {
    model.eval();
    this.latentDim = model.config.latentDim;
    this.inputSize = model.config.inputShape.reduce((a, b) => a * b, 1);
  }

  get variational(): boolean {
    return isVariational(this.model);
  }

  get generative(): boolean {
    return isGenerative(this.model);
  }

  /** The encoder and decoder take the label: decoding needs a class. */
  get conditional(): boolean {
    return this.model.capabilities.conditional;
  }

  get numClasses(): number {
    return this.model.capabilities.numClasses;
  }

  private labels(n: number, label: number | null | Int32Array): Tensor | null {
    if (!this.conditional) return null;
    if (label instanceof Int32Array) return new Tensor(Float32Array.from(label), [n]);
    return new Tensor(new Float32Array(n).fill(label ?? 0), [n]);
  }

  /** Codes (posterior means) of every sample, N × latentDim, in batches. */
  encodeDataset(ds: Dataset, batch = 500): Float32Array {
    const L = this.latentDim;
    const D = this.inputSize;
    const out = new Float32Array(ds.count * L);
    noGrad(() => {
      for (let start = 0; start < ds.count; start += batch) {
        const n = Math.min(batch, ds.count - start);
        const x = new Tensor(ds.images.slice(start * D, (start + n) * D), [n, ...this.model.config.inputShape]);
        const labels = ds.labels ? ds.labels.subarray(start, start + n) : null;
        const z = this.model.encode(x, this.labels(n, labels ?? 0));
        out.set(z.toFloat32Array(), start * L);
      }
    });
    return out;
  }

  /** The decoder's mean for each code of `codes` (n × latentDim, flat), decoded with class `label`. */
  decode(codes: Float32Array, label: number | null = null): Float32Array {
    const n = codes.length / this.latentDim;
    return noGrad(() => this.model.decode(new Tensor(codes, [n, this.latentDim]), this.labels(n, label)).toFloat32Array());
  }

  /** One image's code, its posterior variance where the model has one, and its reconstruction. */
  encodeImage(pixels: Float32Array, label: number | null = null): EncodedImage {
    return noGrad(() => {
      const x = new Tensor(pixels, [1, ...this.model.config.inputShape]);
      const labels = this.labels(1, label);
      let code: Tensor;
      let variance: Float32Array | null = null;
      if (isVariational(this.model)) {
        const q = this.model.posterior(x, labels);
        code = q.mu;
        variance = Float32Array.from(q.logVar.toFloat32Array(), Math.exp);
      } else {
        code = this.model.encode(x, labels);
      }
      const reconstruction = this.model.decode(code, labels).toFloat32Array();
      return { code: code.toFloat32Array(), variance, reconstruction };
    });
  }

  /** n codes from the prior (n × latentDim, flat) and their classes where the prior has a part per class. */
  samplePrior(n: number, seed = 0): { codes: Float32Array; labels: Int32Array | null } | null {
    const model = this.model;
    if (!isGenerative(model)) return null;
    const k = this.numClasses;
    const labels = k > 0 ? Int32Array.from({ length: n }, (_, i) => i % k) : null;
    const codes = noGrad(() => model.samplePrior(n, new Generator(seed), labels ? new Tensor(Float32Array.from(labels), [n]) : null));
    return { codes: codes.toFloat32Array(), labels };
  }
}
