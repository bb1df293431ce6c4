/**
 * A kernel thread of the wasm backend: instantiates the module over the main thread's shared memory with a
 * stack and thread-local block of its own, then enters the C pool's worker loop (csrc/pool_wasm.c), which
 * sleeps in memory.atomic.wait between jobs and never returns. In Node it is a worker_threads worker that gets
 * its setup as workerData; in a browser a module Worker that gets it as its first message.
 */
import { WA, type AekitExports, type WasmMemory, type WasmModule } from './wasm-arena.js';

export interface WorkerSetup {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte address one past this thread's stack (stacks grow down). */
  stackTop: number;
  tlsBase: number;
}

function enterPool(setup: WorkerSetup, ready: () => void): void {
  const instance = new WA.Instance(setup.module, { env: { memory: setup.memory } });
  const ex = instance.exports as unknown as AekitExports;
  ex.__stack_pointer!.value = setup.stackTop;
  ex.__wasm_init_tls!(setup.tlsBase);
  ex._initialize();
  ready();
  ex.aekit_pool_worker();
}

interface BrowserWorkerScope {
  onmessage: ((event: { data: WorkerSetup }) => void) | null;
  postMessage(message: string): void;
}

if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') {
  const { parentPort, workerData } = await import('node:worker_threads');
  enterPool(workerData as WorkerSetup, () => parentPort!.postMessage('ready'));
} else {
  const scope = globalThis as unknown as BrowserWorkerScope;
  scope.onmessage = (event) => {
    scope.onmessage = null;
    enterPool(event.data, () => scope.postMessage('ready'));
  };
}
