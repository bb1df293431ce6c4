/** What the page and the training worker say to each other. */
import type { ModelConfigBase } from '../aekit.js';
import type { LossValues, TabEpoch, TabTrainOptions } from '../../../src/explore/tab-trainer.js';

export type { LossValues, TabEpoch, TabTrainOptions };

export interface StartTraining {
  type: 'start';
  config: ModelConfigBase;
  options: TabTrainOptions;
  trainCount: number;
  testCount: number;
  /** Kernel threads for the worker's wasm backend (used where the page is cross-origin isolated). */
  threads: number;
}

/** A state dict in transferable form: name, shape, values. */
export type StateEntries = [string, number[], Float32Array][];

export type TrainEvent =
  | { type: 'ready'; threads: number; isolated: boolean; trainCount: number; testCount: number; stepsPerEpoch: number; loadSeconds: number }
  | { type: 'step'; step: number; epoch: number; parts: LossValues }
  | { type: 'epoch'; record: TabEpoch; state: StateEntries }
  | { type: 'done' }
  | { type: 'error'; message: string };
