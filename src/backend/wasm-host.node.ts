/**
 * The wasm backend's host in Node: module files read from the package (or from `setWasmPaths`), one thread per
 * core, worker_threads workers, and synchronous reclamation of wasm allocations.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import type { SyncCollector } from './wasm-arena.js';
import { wasmFileUrl, wasmPathIsSet, type WasmFile, type WasmHost } from './wasm-module.js';

/** Reads wasm/<file> from the package root (two levels above dist/backend/, or found by walking up). */
async function readPackagedWasm(file: WasmFile): Promise<Uint8Array> {
  if (wasmPathIsSet(file)) return readFile(fileURLToPath(wasmFileUrl(file)));
  let dir = new URL('../../', import.meta.url);
  for (let up = 0; up < 4; up++, dir = new URL('../', dir)) {
    try {
      return await readFile(new URL(`wasm/${file}`, dir));
    } catch { /* not at this level */ }
  }
  throw new Error(`wasm backend: wasm/${file} not found above ${import.meta.url}`);
}

/**
 * Node's way to reclaim wasm allocations synchronously: `gc` and a FinalizationRegistry with `cleanupSome`
 * (a V8 flag, --harmony-weak-refs-with-cleanup-some), both taken from a fresh vm context created after setting
 * the flags, so the application's own global scope is left as it was. Null where the engine refuses.
 * NOTE: V8 flags are process-wide: contexts and worker threads made later also see a global `gc`.
 */
async function syncCollector(): Promise<SyncCollector | null> {
  try {
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const context = vm.createContext({});
    const gc = vm.runInContext('gc', context) as unknown;
    const Registry = vm.runInContext('FinalizationRegistry', context) as SyncCollector['Registry'];
    if (typeof gc !== 'function' || typeof Registry?.prototype?.cleanupSome !== 'function') return null;
    return { gc: gc as SyncCollector['gc'], Registry };
  } catch {
    return null;
  }
}

export const nodeWasmHost: WasmHost = {
  readWasm: readPackagedWasm,
  async defaultThreads() {
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  },
  callerMayBlock: true,
  async spawnWorker(setup) {
    // NOTE: no execArgv: workers would inherit the process's, and V8 flags (--experimental-wasm-*) or a
    // main-script flag (--input-type) there make the Worker constructor throw. V8 flags apply to workers anyway.
    const worker = new Worker(new URL('./wasm-worker.node.js', import.meta.url), { execArgv: [], workerData: setup });
    worker.unref(); // an idle pool must not keep the process alive
    return {
      onReady: (done) => {
        worker.once('message', () => done(true));
        worker.once('error', () => done(false));
        worker.once('exit', () => done(false));
      },
    };
  },
  syncCollector,
};
