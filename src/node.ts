/**
 * aekit for Node: the platform-free core (src/index.ts) plus the Node layer — the native backend (the one
 * kernels start on, so nobody stays on the JS reference by accident), the wasm backend's files and
 * worker_threads, model files by path, atomic writes, the dataset readers and packages, the trainer with
 * checkpoints and exact resume, and figures written to disk. `import … from 'aekit'` in Node resolves here
 * (export condition `node`), as does `aekit/node` anywhere.
 */
import './backend/platform.node.js';

export * from './index.js';

// ---- backends
export { useBackendFromEnv } from './backend/select.node.js';
export { NativeBackend, nativeUnavailableReason, cpuFeatures, availableIsas, type NativeIsa } from './backend/native-backend.js';

// ---- files
export { loadModel, saveModel, saveModelSync } from './models/model-io.node.js';
export {
  writeFileAtomic, writeFileAtomicSync, AtomicWriteError, type FileContents, type AsyncFileContents,
} from './io/atomic-write.js';

// ---- data: the platform-free part plus the file readers and the dataset packages
export * as data from './data/index.node.js';
export { loadMnist, type MnistOptions } from './data/mnist.js';
export { loadFashionMnist, type FashionMnistOptions } from './data/fashion-mnist.js';
export { loadCsv } from './data/csv.node.js';
export type { CsvOptions } from './data/csv.js';
export { loadPngFolder, type PngFolderOptions } from './data/png-folder.js';

// ---- training: the trainer the CLI uses (atomic checkpoints, exact resume, a clean stop on NaN)
export { fit, DEFAULT_TRAIN_OPTIONS, type FitOptions, type FitResult } from './train/fit.js';
export { trainModel, evaluate, TrainingDivergedError, MODEL_FILE, type TrainRun, type TrainResult } from './train/trainer.js';
export {
  readCheckpoint, CHECKPOINT_FILE, LR_SCHEDULES, type Checkpoint, type TrainOptions, type TrainerState, type LrSchedule,
} from './train/checkpoint.js';
export type { EpochMetrics, LossParts } from './train/metrics.js';
export { defaultProgress, silentProgress, LineProgress, type ProgressReporter } from './train/progress.js';

// ---- figures: SVG plots (vega-lite, loaded on first use) and PNG image grids
export * as viz from './viz/index.js';
