/**
 * The receiver operating characteristic of a score that should be higher for positives (anomalies): the curve
 * (false-positive rate, true-positive rate) over every threshold, and the area under it. The AUC equals the
 * probability that a random positive scores above a random negative, ties counted ½ (the Mann–Whitney U
 * statistic divided by n₊·n₋; Hanley & McNeil 1982), which is how `rocAuc` computes it.
 */

export interface RocCurve {
  /** False-positive rates, from 0 to 1, one point per distinct threshold (plus the origin). */
  fpr: number[];
  /** True-positive rates at the same thresholds. */
  tpr: number[];
  /** Threshold of each point: a sample is called positive when its score is ≥ it (Infinity at the origin). */
  thresholds: number[];
}

function checkInputs(where: string, scores: ArrayLike<number>, positive: ArrayLike<boolean>): { pos: number; neg: number } {
  if (scores.length !== positive.length) throw new RangeError(`${where}: ${scores.length} scores but ${positive.length} labels`);
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!)) throw new RangeError(`${where}: score ${i} is NaN`);
    if (positive[i]) pos++;
  }
  const neg = scores.length - pos;
  if (pos === 0 || neg === 0) throw new RangeError(`${where}: needs at least one positive and one negative sample (got ${pos} and ${neg})`);
  return { pos, neg };
}

/** Sample indices by decreasing score. */
function byScoreDescending(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b]! - scores[a]!);
}

/** The ROC curve; tied scores form one step (a diagonal segment), so the curve does not depend on sample order. */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<boolean>): RocCurve {
  const { pos, neg } = checkInputs('rocCurve', scores, positive);
  const order = byScoreDescending(scores);
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Infinity] };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    const s = scores[order[i]!]!;
    if (positive[order[i]!]) tp++;
    else fp++;
    if (i + 1 < order.length && scores[order[i + 1]!] === s) continue;
    curve.fpr.push(fp / neg);
    curve.tpr.push(tp / pos);
    curve.thresholds.push(s);
  }
  return curve;
}

/** Area under the ROC curve: P(score of a positive > score of a negative) + ½·P(tie). */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const { pos, neg } = checkInputs('rocAuc', scores, positive);
  const order = byScoreDescending(scores);
  // Walk from the highest score down: each negative is beaten by every positive above it and ties with half of its group.
  let positivesAbove = 0;
  let wins = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let tiedPos = 0;
    let tiedNeg = 0;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) {
      if (positive[order[j]!]) tiedPos++;
      else tiedNeg++;
      j++;
    }
    wins += tiedNeg * (positivesAbove + 0.5 * tiedPos);
    positivesAbove += tiedPos;
    i = j;
  }
  return wins / (pos * neg);
}
