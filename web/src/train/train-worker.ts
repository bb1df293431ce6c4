/**
 * The in-tab trainer: a module Worker with its own wasm backend (threads where the page is cross-origin
 * isolated), so the page stays responsive while it trains. It fetches the MNIST subsets from the explorer's
 * server, runs the shared step loop (src/explore/tab-trainer.ts) and posts every step's loss and, after each
 * epoch, the epoch's record and the weights, from which the page draws the latent map and builds the model file.
 */
import { buildModel, Generator } from '../aekit.js';
import { fetchDataset, mnistSubsetPath } from '../api.js';
import { startBackend } from '../backend.js';
import { TabTrainer } from '../../../src/explore/tab-trainer.js';
import type { StartTraining, StateEntries, TrainEvent } from './messages.js';

interface WorkerScope {
  onmessage: ((e: MessageEvent<StartTraining>) => void) | null;
  postMessage(message: TrainEvent, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const post = (m: TrainEvent, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

/** Lets the event loop turn, so freed tensors' wasm memory is reclaimed (finalizers run between tasks). */
const yieldTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

async function train(request: StartTraining): Promise<void> {
  const t0 = performance.now();
  const { backend, info } = await startBackend(request.threads);
  const [trainData, testData] = await Promise.all([
    fetchDataset(mnistSubsetPath('train', request.trainCount)),
    fetchDataset(mnistSubsetPath('test', request.testCount)),
  ]);
  const model = buildModel(request.config, new Generator(request.options.seed));
  const trainer = new TabTrainer(model, trainData, testData, request.options);
  post({ type: 'ready', threads: backend.threads, isolated: info.isolated, trainCount: trainData.count, testCount: testData.count,
    stepsPerEpoch: trainer.stepsPerEpoch, loadSeconds: (performance.now() - t0) / 1000 });
  while (!trainer.done) {
    const { parts, epoch } = trainer.next();
    post({ type: 'step', step: trainer.step, epoch: trainer.epoch + (epoch ? 0 : 1), parts });
    if (trainer.step % 4 === 0) await yieldTask();
    if (epoch !== null) {
      const state: StateEntries = [...model.stateDict()].map(([name, t]) => [name, [...t.shape], t.toFloat32Array()]);
      post({ type: 'epoch', record: epoch, state }, state.map((s) => s[2].buffer));
      await yieldTask();
    }
  }
  post({ type: 'done' });
}

scope.onmessage = (e) => {
  if (e.data.type !== 'start') return;
  scope.onmessage = null;
  train(e.data).catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};
