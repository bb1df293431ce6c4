/**
 * Denoising as an application, on any model and any data (the lecture's chapters 3–4: a denoising AE pulls
 * corrupted copies back onto the manifold, and a VAE's reconstruction of salt-and-pepper inputs cleans them).
 * Test images are corrupted with `gaussian:σ`, `masking:p` or `salt-and-pepper:p` (src/data/corruption.ts) and
 * reconstructed; PSNR against the clean image is reported before (noisy) and after (restored), beside the model's
 * reconstruction of the clean image (a DAE trained on masked inputs can restore masked images better than it
 * reconstructs clean ones, whose statistics it never saw).
 */
import { addGaussianNoise, maskingNoise, saltAndPepper } from '../data/corruption.js';
import { sampleSize, type Dataset } from '../data/dataset.js';
import { meanWithStandardError, type MeanWithError } from '../eval/stats.js';
import { meanSquaredErrorPerImage, psnr, psnrPerImage } from '../eval/reconstruction-error.js';
import type { Autoencoder } from '../models/autoencoder.js';
import type { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { inference, rows } from '../train/figures.js';

export type NoiseSpec =
  | { kind: 'gaussian'; std: number }
  | { kind: 'masking' | 'salt-and-pepper'; fraction: number };

export const NOISE_KINDS = ['gaussian:SIGMA', 'masking:P', 'salt-and-pepper:P'] as const;

export function parseNoiseSpec(text: string): NoiseSpec {
  const m = /^(gaussian|masking|salt-and-pepper):(.*)$/.exec(text.trim());
  if (m === null) throw new RangeError(`--noise: unknown noise '${text}' (expected one of ${NOISE_KINDS.join(', ')})`);
  const v = Number(m[2]);
  if (m[2]!.trim() === '' || !Number.isFinite(v)) throw new RangeError(`--noise: '${m[2]}' in '${text}' is not a number`);
  if (m[1] === 'gaussian') {
    if (!(v > 0)) throw new RangeError(`--noise: gaussian:SIGMA needs σ > 0, got ${v}`);
    return { kind: 'gaussian', std: v };
  }
  if (!(v > 0 && v <= 1)) throw new RangeError(`--noise: ${m[1]}:P needs a fraction 0 < P ≤ 1, got ${v}`);
  return { kind: m[1] as 'masking' | 'salt-and-pepper', fraction: v };
}

export function noiseSpecText(spec: NoiseSpec): string {
  return spec.kind === 'gaussian' ? `gaussian:${spec.std}` : `${spec.kind}:${spec.fraction}`;
}

/** x̃ ~ q(x̃ | x); salt-and-pepper uses the data's own low and high values. */
export function corrupt(spec: NoiseSpec, x: Float32Array, gen: Generator, range: [number, number] = [0, 1]): Float32Array {
  if (spec.kind === 'gaussian') return addGaussianNoise(x, spec.std, gen);
  if (spec.kind === 'masking') return maskingNoise(x, spec.fraction, gen);
  return saltAndPepper(x, spec.fraction, gen, range[0], range[1]);
}

/** PSNR of the mean squared error over every image (finite unless all are exact), and the mean of per-image PSNRs. */
export interface ImageQuality {
  mse: number;
  /** 10·log₁₀(peak² / mse), dB. */
  psnr: number;
  /** Per-image PSNR, mean ± standard error (an exact image makes it +∞). */
  psnrPerImage: MeanWithError;
}

export interface DenoiseResult {
  count: number;
  noisy: Float32Array;
  restored: Float32Array;
  /** The noisy input, the restored image, and the clean image's reconstruction, each against the clean image. */
  quality: { noisy: ImageQuality; restored: ImageQuality; cleanReconstruction: ImageQuality };
  peak: number;
}

/** Corrupts the first `count` test images, reconstructs them and scores both against the clean images. */
export function denoise(model: Autoencoder, test: Dataset, spec: NoiseSpec, count: number, gen: Generator, range: [number, number] = [0, 1]): DenoiseResult {
  const n = Math.min(count, test.count);
  const d = sampleSize(test.shape);
  const { x, labels } = rows(test, 0, n, model.config.inputShape);
  const noisy = corrupt(spec, x.data, gen, range);
  const { restored, clean } = inference(model, () => {
    const out = { restored: new Float32Array(n * d), clean: new Float32Array(n * d) };
    for (let s = 0; s < n; s += 500) {
      const m = Math.min(500, n - s);
      const y = labels === null ? null : new Tensor(labels.data.slice(s, s + m), [m]);
      out.restored.set(model.reconstruct(new Tensor(noisy.slice(s * d, (s + m) * d), [m, ...model.config.inputShape]), y).data, s * d);
      out.clean.set(model.reconstruct(new Tensor(x.data.slice(s * d, (s + m) * d), [m, ...model.config.inputShape]), y).data, s * d);
    }
    return out;
  });
  const peak = range[1] - range[0];
  const score = (v: Float32Array): ImageQuality => {
    const mse = meanSquaredErrorPerImage(x.data, v, d).reduce((a, b) => a + b, 0) / n;
    return { mse, psnr: psnr(mse, peak), psnrPerImage: meanWithStandardError(psnrPerImage(x.data, v, d, peak)) };
  };
  return { count: n, noisy, restored, quality: { noisy: score(noisy), restored: score(restored), cleanReconstruction: score(clean) }, peak };
}
