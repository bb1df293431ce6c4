/**
 * The parts of aekit the page uses: the platform-free core (src/index.ts, the `aekit` package's browser
 * entry) and the explorer's own platform-free modules (src/explore). The one file to change when they move.
 */
export {
  Tensor, Generator, noGrad, setBackend, createWasmBackend, setWasmPaths, wasmFileName, relaxedSimdSupported, buildModel,
  defaultConfig, isGenerative, isVariational, loadModel, modelToBytes, type WasmBackend, type Autoencoder, type Dataset,
} from '../../src/index.js';
export type { ModelConfigBase } from '../../src/models/autoencoder.js';
export { imageGeometry, type ImageGeometry } from '../../src/viz/image-geometry.js';
export { decodeDatasetFile } from '../../src/explore/dataset-file.js';
export { ROUTES, type ExploreSession, type RunSummary, type EpochRecord } from '../../src/explore/routes.js';
