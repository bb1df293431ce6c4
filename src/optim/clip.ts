/**
 * Gradient clipping. Clipped gradients are written as new tensors (never in place): a gradient may share
 * storage with another parameter's (see the note in optimizer.ts).
 */
import { Tensor } from '../tensor/tensor.js';

function withGrads(params: Iterable<Tensor>): Tensor[] {
  return [...new Set(params)].filter((p) => p.grad !== null);
}

export interface ClipGradNormOptions {
  /** The p of the p-norm over all gradients together (default 2; Infinity for the largest magnitude). */
  normType?: number;
}

/**
 * Rescales all gradients together so their joint norm is at most `maxNorm` (Pascanu et al. 2013) and
 * returns the norm before clipping. As in PyTorch the scale is maxNorm/(norm + 1e-6).
 * NOTE: a non-finite norm (an overflowed or NaN gradient) is returned as is and the gradients are left alone,
 * so the caller can see it and skip the step.
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const normType = options.normType ?? 2;
  if (!(maxNorm >= 0)) throw new RangeError(`clipGradNorm: maxNorm must be ≥ 0, got ${maxNorm}`);
  if (!(normType > 0)) throw new RangeError(`clipGradNorm: normType must be > 0, got ${normType}`);
  const ps = withGrads(params);
  let total = 0;
  for (const p of ps) {
    const g = p.grad!.data;
    if (normType === Infinity) for (let i = 0; i < g.length; i++) total = Math.max(total, Math.abs(g[i]!));
    else for (let i = 0; i < g.length; i++) total += Math.abs(g[i]!) ** normType;
  }
  if (normType !== Infinity) total **= 1 / normType;
  const scale = maxNorm / (total + 1e-6);
  if (Number.isFinite(total) && scale < 1) {
    for (const p of ps) {
      const g = p.grad!;
      const out = new Float32Array(g.size);
      for (let i = 0; i < out.length; i++) out[i] = g.data[i]! * scale;
      p.grad = new Tensor(out, g.shape);
    }
  }
  return total;
}

/** Clamps every gradient value into [−clipValue, clipValue]. */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (!(clipValue >= 0)) throw new RangeError(`clipGradValue: clipValue must be ≥ 0, got ${clipValue}`);
  for (const p of withGrads(params)) {
    const g = p.grad!;
    const out = new Float32Array(g.size);
    for (let i = 0; i < out.length; i++) out[i] = Math.min(Math.max(g.data[i]!, -clipValue), clipValue);
    p.grad = new Tensor(out, g.shape);
  }
}
