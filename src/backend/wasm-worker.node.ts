/** A kernel thread of the wasm backend in Node: a worker_threads worker that gets its setup as workerData. */
import { parentPort, workerData } from 'node:worker_threads';
import { enterPool, type WorkerSetup } from './wasm-worker.js';

enterPool(workerData as WorkerSetup, () => parentPort!.postMessage('ready'));
