/**
 * The parts of aekit the page uses, all platform-free: tensors and ops, the models and their registry, model
 * and dataset files parsed from bytes, the wasm backend. The one file to change when the core's entry moves.
 */
import '../../src/tensor/methods.js';

export { Tensor } from '../../src/tensor/tensor.js';
export { Generator } from '../../src/tensor/random.js';
export { noGrad } from '../../src/autograd/grad-mode.js';
export { setBackend } from '../../src/backend/registry.js';
export { createWasmBackend, wasmFileName, relaxedSimdSupported, type WasmBackend } from '../../src/backend/wasm-backend.js';
export { buildModel, defaultConfig, validateModelConfig } from '../../src/models/registry.js';
export { isGenerative, isVariational, type Autoencoder, type ModelConfigBase } from '../../src/models/autoencoder.js';
export { encodeModelFile, CONFIG_KEY, FORMAT_KEY, MODEL_FORMAT, type JsonObject } from '../../src/io/model-file.js';
export { parseSafetensors } from '../../src/io/safetensors.js';
export { parseJsonStrict } from '../../src/io/strict-json.js';
export { imageGeometry, type ImageGeometry } from '../../src/viz/image-geometry.js';
export { decodeDatasetFile } from '../../src/explore/dataset-file.js';
export { ROUTES, type ExploreSession, type RunSummary, type EpochRecord } from '../../src/explore/routes.js';
export type { Dataset } from '../../src/data/dataset.js';
