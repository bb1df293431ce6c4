/**
 * Active units of a variational code (Burda, Grosse & Salakhutdinov 2016, §5.2): latent dimension u is active
 * when A_u = Cov_x(E_{q(z|x)}[z_u]) > 0.01, i.e. when the posterior mean of u varies across inputs; an inactive
 * unit's posterior is the same for every x (it has collapsed to the prior and carries no information).
 */

export interface ActiveUnits {
  /** Number of units with A_u > threshold. */
  active: number;
  /** Those units' indices, ascending. */
  units: Int32Array;
  /** A_u of every unit (the variance over inputs of the posterior mean, with n − 1 in its denominator). */
  activity: Float64Array;
  threshold: number;
}

/** Active units from posterior means (N × latentDim, row-major). */
export function activeUnits(posteriorMean: ArrayLike<number>, latentDim: number, threshold = 0.01): ActiveUnits {
  const n = posteriorMean.length / latentDim;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`activeUnits: need at least 2 posterior means of size ${latentDim}, got ${posteriorMean.length} values`);
  const mean = new Float64Array(latentDim);
  for (let i = 0; i < n; i++) for (let u = 0; u < latentDim; u++) mean[u]! += posteriorMean[i * latentDim + u]! / n;
  const activity = new Float64Array(latentDim);
  for (let i = 0; i < n; i++) for (let u = 0; u < latentDim; u++) activity[u]! += (posteriorMean[i * latentDim + u]! - mean[u]!) ** 2 / (n - 1);
  const units: number[] = [];
  for (let u = 0; u < latentDim; u++) if (activity[u]! > threshold) units.push(u);
  return { active: units.length, units: Int32Array.from(units), activity, threshold };
}
