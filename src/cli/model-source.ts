/** A model named on the command line: a run folder from `aekit train`, or a model file (.safetensors) itself. */
import { statSync } from 'node:fs';
import type { Autoencoder } from '../models/autoencoder.js';
import { loadModel } from '../models/model-io.js';
import { openRun } from './run-model.js';

export interface ModelSource {
  /** The path as given. */
  path: string;
  /** The run folder, when the path is one. */
  runDir: string | null;
  model: Autoencoder;
}

/** The model at `path` in eval mode; errors name the path and the problem. */
export function openModel(path: string): ModelSource {
  if (statSync(path, { throwIfNoEntry: false })?.isFile()) return { path, runDir: null, model: loadModel(path).eval() };
  return { path, runDir: path, model: openRun(path).model };
}
