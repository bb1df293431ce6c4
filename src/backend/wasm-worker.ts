/**
 * A kernel thread of the wasm backend: instantiates the module over the main thread's shared memory with a
 * stack and thread-local block of its own, then enters the C pool's worker loop (csrc/pool_wasm.c), which
 * sleeps in memory.atomic.wait between jobs and never returns. This file is the browser's module Worker (it
 * gets its setup as its first message) and imports nothing at run time, so it works copied on its own next
 * to the .wasm files (see `setWasmPaths`); Node's worker (wasm-worker.node.ts) reuses `enterPool`.
 */
import type { AekitExports, WasmMemory, WasmModule } from './wasm-arena.js';

export interface WorkerSetup {
  module: WasmModule;
  memory: WasmMemory;
  /** Byte address one past this thread's stack (stacks grow down). */
  stackTop: number;
  tlsBase: number;
}

type InstanceCtor = new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };

export function enterPool(setup: WorkerSetup, ready: () => void): void {
  const { Instance } = (globalThis as unknown as { WebAssembly: { Instance: InstanceCtor } }).WebAssembly;
  const ex = new Instance(setup.module, { env: { memory: setup.memory } }).exports as AekitExports;
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

// Only inside a browser's worker: imported elsewhere (by Node's worker), this file just provides enterPool.
if ('WorkerGlobalScope' in globalThis) {
  const scope = globalThis as unknown as BrowserWorkerScope;
  scope.onmessage = (event) => {
    scope.onmessage = null;
    enterPool(event.data, () => scope.postMessage('ready'));
  };
}
