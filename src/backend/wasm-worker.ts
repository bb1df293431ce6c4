/**
 * A kernel thread of the wasm backend (Node worker_threads): instantiates the module over the main thread's
 * shared memory with a stack and thread-local block of its own, then enters the C pool's worker loop
 * (csrc/pool_wasm.c), which sleeps in memory.atomic.wait between jobs and never returns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WA, type AekitExports, type WasmMemory, type WasmModule } from './wasm-arena.js';

interface WorkerSetup {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte address one past this thread's stack (stacks grow down). */
  stackTop: number;
  tlsBase: number;
}

const setup = workerData as WorkerSetup;
const instance = new WA.Instance(setup.module, { env: { memory: setup.memory } });
const ex = instance.exports as unknown as AekitExports;
ex.__stack_pointer!.value = setup.stackTop;
ex.__wasm_init_tls!(setup.tlsBase);
ex._initialize();
parentPort!.postMessage('ready');
ex.aekit_pool_worker();
