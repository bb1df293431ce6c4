/**
 * The page's kernels: aekit's wasm backend, with a shared memory and one thread per core where the page is
 * cross-origin isolated (the explorer's server sends COOP/COEP), the single-thread module otherwise.
 * The modules come from the explorer's server (ROUTES.wasm); the kernel threads' script is the wasm backend's
 * worker as Vite bundled it.
 */
import kernelWorkerUrl from '../../src/backend/wasm-worker.ts?worker&url';
import { createWasmBackend, relaxedSimdSupported, ROUTES, setBackend, setWasmPaths, wasmFileName, type WasmBackend } from './aekit.js';

export interface BackendInfo {
  file: string;
  threads: number;
  isolated: boolean;
  isa: string;
}

/** Starts the wasm backend and makes it the active one; `threads` caps the kernel threads (default: cores, at most 4). */
export async function startBackend(threads?: number): Promise<{ backend: WasmBackend; info: BackendInfo }> {
  const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  const relaxed = isolated && relaxedSimdSupported();
  const file = wasmFileName(isolated, relaxed);
  const wasm = (name: string): string => new URL(`${ROUTES.wasm}${name}`, globalThis.location.href).href;
  setWasmPaths({
    'aekit.wasm': wasm('aekit.wasm'), 'aekit-relaxed.wasm': wasm('aekit-relaxed.wasm'), 'aekit-single.wasm': wasm('aekit-single.wasm'),
    'wasm-worker.js': new URL(kernelWorkerUrl, globalThis.location.href).href,
  });
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const want = isolated ? Math.max(1, Math.min(threads ?? 4, cores)) : 1;
  const backend = await createWasmBackend({ shared: isolated, relaxedSimd: relaxed, threads: want });
  setBackend(backend);
  return { backend, info: { file, threads: backend.threads, isolated, isa: backend.isa } };
}
