/**
 * aekit.evaluation, the platform-free part: metrics with documented definitions (scikit-learn's style), PCA,
 * neighbours, baselines. The report and the comparison, which draw figures, are added in index.node.ts.
 */
export { PCA, type PcaOptions, type PcaState } from './pca.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';
export { kNearestNeighbors, pairwiseSquaredDistances, forEachDistanceBlock, type Neighbors, type NeighborOptions } from './neighbors.js';
export { knnAccuracy, knnVote, type KnnAccuracy } from './knn.js';
export { sumSquaredErrorPerImage, meanSquaredErrorPerImage, psnr, psnrPerImage } from './reconstruction-error.js';
export { meanWithStandardError, proportionWithStandardError, logMeanExp, LogMeanExp, type MeanWithError } from './stats.js';
export { importanceWeightedNll, sampleStream, DEFAULT_CHUNK_ROWS, type ImportanceWeightedOptions } from './importance-weighted.js';
export { negativeElbo, type ElboTerms, type ElboOptions } from './elbo.js';
export { activeUnits, type ActiveUnits } from './active-units.js';
export { linearProbeAccuracy, type LinearProbeOptions, type LinearProbeResult } from './linear-probe.js';
export { neighbourhoodPreservation, type NeighbourhoodPreservation } from './trustworthiness.js';
export { parzenLogLikelihood, parzenLogLikelihoods, chooseParzenSigma, parzenScore, type ParzenSigmaSearch } from './parzen.js';
export { rocCurve, rocAuc, type RocCurve } from './roc.js';
export { precisionAtK, averagePrecision, retrievalMetrics, type RetrievalOptions, type RetrievalMetrics } from './retrieval.js';
export {
  anomalyScores, anomalyScoresOfBatch, unsupportedScore, ANOMALY_SCORES, type AnomalyScoreName, type AnomalyScoreOptions,
} from './anomaly-score.js';
export { principalAngles, orthonormalBasis } from './principal-angles.js';
export { spearman, ranks } from './rank-correlation.js';
export type { EvalSubject, EvalData } from './subject.js';
export * as baselines from './baselines/index.js';
