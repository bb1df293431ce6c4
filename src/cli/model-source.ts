/** A model named on the command line: a run folder from `aekit train`, or a model file (.safetensors) itself. */
import { statSync } from 'node:fs';
import type { Autoencoder } from '../models/autoencoder.js';
import { loadModel } from '../models/model-io.node.js';
import { openRun, type OpenRunOptions } from './run-model.js';

export interface ModelSource {
  /** The path as given. */
  path: string;
  /** The run folder, when the path is one. */
  runDir: string | null;
  model: Autoencoder;
}

/**
 * The model at `path` in eval mode, checked as `loadModel` checks every model file (built under the memory
 * budget, finite weights unless `allowNonFinite`); errors name the path and the problem.
 */
export function openModel(path: string, options: OpenRunOptions = {}): ModelSource {
  const allowNonFinite = options.allowNonFinite ?? false;
  if (statSync(path, { throwIfNoEntry: false })?.isFile()) return { path, runDir: null, model: loadModel(path, { allowNonFinite }).eval() };
  return { path, runDir: path, model: openRun(path, { allowNonFinite }).model };
}
