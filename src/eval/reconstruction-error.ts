/**
 * Reconstruction error in the data's own units, per image:
 * - SSE: Σⱼ (xⱼ − x̂ⱼ)², the squared error per image that Hinton & Salakhutdinov (2006) report for MNIST
 *   (intensities in [0, 1]: PCA with 30 components 13.87, their deep autoencoder 3.00);
 * - MSE: SSE / D, the mean over the image's D values;
 * - PSNR: 10·log₁₀(peak² / MSE) in dB, with `peak` the largest possible value (1 for data in [0, 1]); +∞ for an
 *   exact reconstruction. Reported as the mean of per-image PSNRs (as image-restoration papers do).
 */
/** Per-image squared errors of `reconstruction` against `target`, both N·D values with D = `valuesPerImage`. */
export function sumSquaredErrorPerImage(target: ArrayLike<number>, reconstruction: ArrayLike<number>, valuesPerImage: number): Float64Array {
  if (target.length !== reconstruction.length) throw new RangeError(`sumSquaredErrorPerImage: ${target.length} target values but ${reconstruction.length} reconstructed`);
  if (!Number.isInteger(valuesPerImage) || valuesPerImage < 1 || target.length % valuesPerImage !== 0) {
    throw new RangeError(`sumSquaredErrorPerImage: ${target.length} values do not split into images of ${valuesPerImage}`);
  }
  const n = target.length / valuesPerImage;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * valuesPerImage; j < (i + 1) * valuesPerImage; j++) {
      const e = target[j]! - reconstruction[j]!;
      s += e * e;
    }
    out[i] = s;
  }
  return out;
}

/** MSE = SSE / D for each image. */
export function meanSquaredErrorPerImage(target: ArrayLike<number>, reconstruction: ArrayLike<number>, valuesPerImage: number): Float64Array {
  return sumSquaredErrorPerImage(target, reconstruction, valuesPerImage).map((s) => s / valuesPerImage);
}

/** Peak signal-to-noise ratio in dB for a mean squared error: 10·log₁₀(peak² / mse). */
export function psnr(mse: number, peak = 1): number {
  if (!(peak > 0)) throw new RangeError(`psnr: peak must be positive, got ${peak}`);
  if (!(mse >= 0)) throw new RangeError(`psnr: mse must be ≥ 0, got ${mse}`);
  return 10 * Math.log10((peak * peak) / mse);
}

/** PSNR of each image (dB). */
export function psnrPerImage(target: ArrayLike<number>, reconstruction: ArrayLike<number>, valuesPerImage: number, peak = 1): Float64Array {
  return meanSquaredErrorPerImage(target, reconstruction, valuesPerImage).map((m) => psnr(m, peak));
}
