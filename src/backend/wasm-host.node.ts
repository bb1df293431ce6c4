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
import { makeSyncCollector } from './wasm-arena.js';
import { relaxedSimdSupported, wasmFileUrl, wasmPathIsSet, type WasmFile, type WasmHost } from './wasm-module.js';

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

/** Node 20's V8 (11.3) has relaxed SIMD behind a flag that can still be set before a module is compiled. */
async function enableRelaxedSimd(): Promise<boolean> {
  if (relaxedSimdSupported()) return true;
  try {
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return relaxedSimdSupported();
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
  async syncCollector() {
    return makeSyncCollector(v8, vm);
  },
  enableRelaxedSimd,
};
