/**
 * Spearman's rank correlation ρ: the Pearson correlation of the ranks, ties given their average rank
 * (Spearman 1904; scipy.stats.spearmanr). 1 for any increasing relation, −1 for a decreasing one.
 */

/** Ranks 1 … n of `values`, tied values sharing the mean of their ranks. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = rank;
    i = j + 1;
  }
  return out;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** Spearman's ρ of two equally long series (NaN when either is constant). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`spearman: series of lengths ${a.length} and ${b.length}`);
  if (a.length < 2) throw new RangeError('spearman: needs at least 2 pairs');
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) throw new RangeError(`spearman: pair ${i} is not finite`);
  return pearson(ranks(a), ranks(b));
}
