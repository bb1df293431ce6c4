/**
 * Log importance weights of a Gaussian-posterior model (Burda, Grosse & Salakhutdinov 2016, eq. 8):
 * log wₖ = log p(x | zₖ) + log p(zₖ) − log q(zₖ | x), zₖ = μ(x) + σ(x) ⊙ εₖ. Shared by the IWAE's training bound
 * and the importance-weighted NLL evaluation, so both score samples the same way.
 * log q(z | x) = Σ −½ε² − ½ log σ² − ½ log 2π is written with ε: (z − μ)/σ = ε exactly, so the gradient is the
 * same as through z, μ and σ, without subtracting nearly equal numbers.
 */
import { add, mul, sub } from '../../ops/binary.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { affine, exp, square } from '../../ops/unary.js';
import { formatShape, ShapeError } from '../../tensor/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import type { GaussianPosterior, VariationalAutoencoder } from '../autoencoder.js';

const LOG_2PI = Math.log(2 * Math.PI);

/** Each row of x (N × …) repeated `times` times in a row: N·times × … (data, not differentiated). */
export function repeatRows(x: Tensor, times: number): Tensor {
  const n = x.shape[0]!;
  const d = n === 0 ? 0 : x.size / n;
  const out = new Float32Array(n * times * d);
  for (let i = 0; i < n; i++) {
    const src = x.data.subarray(i * d, (i + 1) * d);
    for (let t = 0; t < times; t++) out.set(src, (i * times + t) * d);
  }
  return new Tensor(out, [n * times, ...x.shape.slice(1)]);
}

export interface ImportanceWeights {
  /** log wₖ, N × K. */
  logWeights: Tensor;
  /** −log p(x | zₖ), N × K: the reconstruction term of each draw. */
  reconstructionNll: Tensor;
}

/**
 * log wₖ for N inputs x with posterior q and noise ε (N × K × L, one row of K draws per input), and the
 * reconstruction NLL of each draw. Labels (N) go to conditional models, repeated for each sample.
 */
export function importanceWeights(model: VariationalAutoencoder, x: Tensor, labels: Tensor | null, q: GaussianPosterior, eps: Tensor): ImportanceWeights {
  const n = x.shape[0]!;
  const L = model.config.latentDim;
  if (eps.rank !== 3 || eps.shape[0] !== n || eps.shape[2] !== L) throw new ShapeError(`logImportanceWeights: ε of shape ${formatShape(eps.shape)} should be ${n} × K × ${L}`);
  const k = eps.shape[1]!;
  const z = reshape(add(reshape(q.mu, [n, 1, L]), mul(exp(affine(reshape(q.logVar, [n, 1, L]), 0.5, 0)), eps)), [n * k, L]);
  // log q(z | x): −½Σε² − (L/2) log 2π − ½Σ log σ², an N × K grid.
  const logQ = sub(affine(sum(square(eps), 2), -0.5, -0.5 * L * LOG_2PI), affine(reshape(sum(q.logVar, 1), [n, 1]), 0.5, 0));
  const repeatedLabels = labels === null ? null : reshape(repeatRows(reshape(labels, [n, 1]), k), [n * k]);
  const nll = model.reconstructionNllPerSample(z, repeatRows(x, k), repeatedLabels);
  const logJoint = reshape(sub(model.priorLogProb(z), nll), [n, k]);
  return { logWeights: sub(logJoint, logQ), reconstructionNll: reshape(nll, [n, k]) };
}
