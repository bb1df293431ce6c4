/** aekit.data (platform-free): datasets in memory, synthetic manifolds, corruptions, binarisation. */
export { sampleSize, takeFirst, type Dataset } from './dataset.js';
export { DataFormatError } from './data-format-error.js';
export { parseCsv, type CsvOptions } from './csv.js';
export {
  swissRoll, sCurve, gaussianMixture2d, mixtureComponentMean, type ManifoldOptions, type GaussianMixtureOptions,
} from './synthetic.js';
export { addGaussianNoise, maskingNoise, saltAndPepper } from './corruption.js';
export { binarizeDynamic, binarizeThreshold, binarizeFixed, type FixedBinarization } from './binarize.js';
